/** Who wrote a file: this package and its version, as `created_by` records it. */

/** Kept equal to package.json's version by version.test.ts. */
export const SERIALIZE_VERSION = '0.1.0';

/** What a model file's `created_by` says wrote it: this package and its version. */
export const CREATED_BY = `@bpnn/serialize ${SERIALIZE_VERSION}`;
