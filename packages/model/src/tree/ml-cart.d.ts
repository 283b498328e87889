// ml-cart 2.1.1 ships no type declarations; this covers the part of its API Powercast uses.
declare module 'ml-cart' {
  /** A node as `DecisionTreeRegression.load` reads it: a leaf carries `distribution`, a split the rest. */
  export type CartNodeJson =
    | { distribution: number }
    | { splitColumn: number; splitValue: number; gain: number; left: CartNodeJson; right: CartNodeJson };

  export interface CartRegressionOptions {
    gainFunction?: 'regression';
    splitFunction?: 'mean';
    minNumSamples?: number;
    maxDepth?: number;
    kind?: 'regression';
  }

  export interface CartRegressionJson {
    name: 'DTRegression';
    options: CartRegressionOptions;
    root: CartNodeJson;
  }

  export class DecisionTreeRegression {
    constructor(options?: CartRegressionOptions);
    options: CartRegressionOptions;
    train(trainingSet: number[][] | number[], trainingValues: number[]): void;
    /** Row `x` goes left when `x[splitColumn] < splitValue`, otherwise right (so NaN goes right). */
    predict(toPredict: number[][] | number[]): number[];
    toJSON(): CartRegressionJson;
    static load(model: CartRegressionJson): DecisionTreeRegression;
  }
}
