/** strata's version, as in package.json. */
export const STRATA_VERSION = '0.1.0';
