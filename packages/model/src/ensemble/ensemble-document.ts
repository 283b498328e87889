import { z } from 'zod';
import type { FlatTree } from '../tree/flat-tree.js';
import { compactTree, expandCompactTree, type CompactTree } from './compact-tree.js';
import { TreeEnsemble } from './tree-ensemble.js';

/** JSON form of a TreeEnsemble inside model documents (compact trees; see compact-tree.ts). */
export interface EnsembleDocument {
  baseScore: number;
  nFeatures: number;
  growth: { maxDepth: number; minSamplesLeaf: number };
  trees: CompactTree[];
}

export const ensembleDocumentSchema = z.object({
  baseScore: z.number(),
  nFeatures: z.number().int().positive(),
  growth: z.object({ maxDepth: z.number().int().min(0), minSamplesLeaf: z.number().int().min(1) }),
  trees: z.array(z.object({ f: z.array(z.number().int()), v: z.array(z.number()), g: z.array(z.number()) })),
});

export function ensembleToDocument(ensemble: TreeEnsemble): EnsembleDocument {
  return {
    baseScore: ensemble.baseScore,
    nFeatures: ensemble.nFeatures,
    growth: { ...ensemble.growth },
    trees: ensemble.trees.map(compactTree),
  };
}

/** Rebuilds the ensemble; `where` names the document part in error messages. */
export function ensembleFromDocument(doc: EnsembleDocument, where: string): TreeEnsemble {
  const trees: FlatTree[] = doc.trees.map((tree, i) => expandCompactTree(tree, `${where}.trees[${i}]`));
  trees.forEach((tree, i) => {
    for (const f of tree.feature) {
      if (f >= doc.nFeatures)
        throw new RangeError(`${where}.trees[${i}] splits on feature ${f}, but nFeatures is ${doc.nFeatures}`);
    }
  });
  return new TreeEnsemble(doc.baseScore, trees, doc.nFeatures, doc.growth);
}
