// Starts s3rver (deps/node_modules/s3rver, a real S3-compatible HTTP server on the local file
// system) for the object-store tests, on 127.0.0.1 and a port the kernel picks.
//
//   node s3rver_launcher.cjs --modules <deps/node_modules> --directory <data dir> --bucket <name>
//
// Prints "READY <port>" on stdout once it listens, and exits when its stdin closes, so a test
// process that dies (even by kill -9) never leaves the server behind. Credentials are s3rver's
// fixed account: access key "S3RVER", secret "S3RVER".
//
// What this launcher adds to s3rver 3.7, on s3rver's own router right after its authentication
// middleware (which checks the access key id and the x-amz-content-sha256 header's form):
//   - SigV4 verification. s3rver accepts any V4 signature; here the signature of a request
//     with an "AWS4-HMAC-SHA256" Authorization header is recomputed as S3 does (canonical
//     request from the raw path, the sorted and re-encoded query, the signed headers and the
//     x-amz-content-sha256 value as the payload hash) and a mismatch is refused with S3's
//     403 SignatureDoesNotMatch. The payload itself is not hashed against that header.
//   - ListMultipartUploads (GET /<bucket>?uploads) and AbortMultipartUpload (DELETE
//     /<bucket>/<key>?uploadId=…), which s3rver lacks, over the directory where it keeps
//     pending uploads.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

function parseArguments(argv) {
  const options = {};
  for (let index = 2; index < argv.length; index += 2) {
    const name = argv[index].replace(/^--/, '');
    options[name] = argv[index + 1];
  }
  for (const required of ['modules', 'directory', 'bucket']) {
    if (!options[required]) {
      process.stderr.write(`s3rver_launcher: missing --${required}\n`);
      process.exit(2);
    }
  }
  return options;
}

const options = parseArguments(process.argv);
const S3rver = require(path.join(options.modules, 's3rver'));
const router = require(path.join(options.modules, 's3rver', 'lib', 'routes'));
const S3Error = require(path.join(options.modules, 's3rver', 'lib', 'models', 'error'));

const k_xmlns = 'http://s3.amazonaws.com/doc/2006-03-01/';
const k_secrets = { S3RVER: 'S3RVER' };

// RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ as %XX (uppercase).
function awsUriEncode(text) {
  return encodeURIComponent(text).replace(
    /[!'()*]/g, (character) => '%' + character.charCodeAt(0).toString(16).toUpperCase());
}

function canonicalQuery(rawQuery) {
  if (!rawQuery) return '';
  return rawQuery.split('&').filter((pair) => pair !== '').map((pair) => {
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    return [awsUriEncode(decodeURIComponent(name)), awsUriEncode(decodeURIComponent(value))];
  }).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`).join('&');
}

function hmac(key, data) {
  return crypto.createHmac('sha256', key).update(data, 'utf8').digest();
}

async function verifySignatureV4(ctx, next) {
  const authorization = ctx.headers['authorization'] || '';
  if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) return next();
  const match = new RegExp('Credential=([^/,]+)/(\\d{8})/([^/,]+)/([^/,]+)/aws4_request,\\s*' +
    'SignedHeaders=([^,]+),\\s*Signature=([0-9a-f]{64})').exec(authorization);
  if (!match) {
    throw new S3Error('AuthorizationHeaderMalformed', 'The authorization header is malformed.');
  }
  const [, accessKey, date, region, service, signedHeaders, signature] = match;
  const secret = k_secrets[accessKey];
  if (secret === undefined) {
    throw new S3Error('InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: accessKey });
  }
  const amzDate = ctx.headers['x-amz-date'] || '';
  const rawUrl = ctx.req.url;
  const questionMark = rawUrl.indexOf('?');
  const rawPath = questionMark < 0 ? rawUrl : rawUrl.slice(0, questionMark);
  const rawQuery = questionMark < 0 ? '' : rawUrl.slice(questionMark + 1);
  const canonicalHeaders = signedHeaders.split(';').map((name) =>
    `${name}:${String(ctx.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [ctx.method, rawPath, canonicalQuery(rawQuery), canonicalHeaders,
    signedHeaders, ctx.headers['x-amz-content-sha256'] || ''].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope,
    crypto.createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join('\n');
  let key = hmac('AWS4' + secret, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = crypto.createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  if (expected !== signature) {
    throw new S3Error('SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. ' +
      'Check your key and signing method.',
      { AWSAccessKeyId: accessKey, StringToSign: stringToSign, CanonicalRequest: canonicalRequest });
  }
  return next();
}

// Pending uploads of a bucket: [{key, uploadId, initiated}], sorted by key then upload id.
function pendingUploads(store, bucket) {
  const uploadsDir = store.getResourcePath(bucket, undefined, 'uploads');
  let entries = [];
  try {
    entries = fs.readdirSync(uploadsDir);
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
  const uploads = [];
  for (const uploadId of entries) {
    const uploadDir = path.join(uploadsDir, uploadId);
    let key;
    try {
      key = fs.readFileSync(path.join(uploadDir, 'key'), 'utf8');
    } catch (error) {
      if (error.code === 'ENOENT') continue;  // completed or aborted meanwhile
      throw error;
    }
    uploads.push({ key, uploadId, initiated: fs.statSync(uploadDir).mtime });
  }
  uploads.sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : a.uploadId < b.uploadId ? -1 : 1);
  return uploads;
}

async function requireBucket(ctx) {
  if (!(await ctx.app.store.getBucket(ctx.params.bucket))) {
    throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', {
      BucketName: ctx.params.bucket,
    });
  }
}

// GET /<bucket>?uploads[&prefix=][&key-marker=][&upload-id-marker=][&max-uploads=]
async function listMultipartUploads(ctx, next) {
  if (!('uploads' in ctx.query)) return next();
  await requireBucket(ctx);
  const prefix = ctx.query['prefix'] || '';
  const keyMarker = ctx.query['key-marker'] || '';
  const uploadIdMarker = ctx.query['upload-id-marker'] || '';
  const maxUploads = Math.min(Number(ctx.query['max-uploads'] || 1000), 1000);
  const after = (upload) => {
    if (!keyMarker) return true;
    if (upload.key !== keyMarker) return upload.key > keyMarker;
    return uploadIdMarker !== '' && upload.uploadId > uploadIdMarker;
  };
  const matching = pendingUploads(ctx.app.store, ctx.params.bucket)
    .filter((upload) => upload.key.startsWith(prefix) && after(upload));
  const page = matching.slice(0, maxUploads);
  const truncated = matching.length > page.length;
  const last = page[page.length - 1];
  ctx.body = {
    ListMultipartUploadsResult: {
      '@': { xmlns: k_xmlns },
      Bucket: ctx.params.bucket,
      KeyMarker: keyMarker,
      UploadIdMarker: uploadIdMarker,
      NextKeyMarker: truncated ? last.key : undefined,
      NextUploadIdMarker: truncated ? last.uploadId : undefined,
      Prefix: prefix,
      MaxUploads: maxUploads,
      IsTruncated: truncated,
      Upload: page.map((upload) => ({
        Key: upload.key,
        UploadId: upload.uploadId,
        Initiated: upload.initiated.toISOString(),
        StorageClass: 'STANDARD',
      })),
    },
  };
}

// DELETE /<bucket>/<key>?uploadId=<id>
async function abortMultipartUpload(ctx, next) {
  if (!('uploadId' in ctx.query)) return next();
  await requireBucket(ctx);
  const uploadId = String(ctx.query.uploadId);
  const uploadDir = path.join(
    ctx.app.store.getResourcePath(ctx.params.bucket, undefined, 'uploads'), uploadId);
  let key;
  try {
    key = /^[0-9a-f]+$/.test(uploadId) ? fs.readFileSync(path.join(uploadDir, 'key'), 'utf8') : undefined;
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  if (key === undefined || key !== ctx.params.key) {
    throw new S3Error('NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
  }
  fs.rmSync(uploadDir, { recursive: true, force: true });
  ctx.status = 204;
}

// Registers the verifier and the two routes, then moves them right after s3rver's
// authentication middleware (the only layer on '/:bucket?/:key*'), before the layers that
// would refuse these calls.
function addMissingRoutes() {
  const before = router.stack.length;
  router.use('/:bucket?/:key*', verifySignatureV4);
  router.get('/:bucket', listMultipartUploads);
  router.delete('/:bucket/:key+', abortMultipartUpload);
  const added = router.stack.splice(before);
  const authIndex = router.stack.findIndex((layer) => layer.path === '/:bucket?/:key*');
  if (authIndex < 0) throw new Error('s3rver_launcher: s3rver router layout changed');
  router.stack.splice(authIndex + 1, 0, ...added);
}

async function main() {
  addMissingRoutes();
  fs.mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: options.directory,
    configureBuckets: [{ name: options.bucket }],
  });
  const address = await server.run();
  process.stdout.write(`READY ${address.port}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`s3rver_launcher: ${error.stack || error}\n`);
  process.exit(1);
});
