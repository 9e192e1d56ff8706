// The failure converter of attune's workers and clients, named by path (the SDK requires it, and
// bundles it into the workflows), hence plain CommonJS: a failure's message and stack trace go into
// its encoded attributes, a payload the payload codec seals, and Temporal keeps only
// "Encoded failure" in clear.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS by necessity (above)
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
