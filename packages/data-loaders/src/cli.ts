#!/usr/bin/env node
import { runMain } from '@powercast/contracts/cli';
import { runCli } from './cli/run.js';

await runMain(runCli);
