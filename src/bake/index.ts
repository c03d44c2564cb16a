export { type BakeFile, type BakeTarget, bakeTargetNames, namedContextKey, toBakeFile } from './bake-file.js';
