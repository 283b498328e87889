import { loadAsOfInputs } from '@powercast/data-loaders';
import { printIntervalAccuracy } from './interval-accuracy.js';
const inputs = await loadAsOfInputs({ source: '/work/shared/data' });
console.log(printIntervalAccuracy(inputs));
