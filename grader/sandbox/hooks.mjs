// Module hooks of the sandbox: every .ts file there was transpiled to JavaScript by the judge
// beforehand (no TypeScript compiler runs inside the sandbox), so it only needs loading as ESM.
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.endsWith('.ts')) return nextLoad(url, { ...context, format: 'module' });
  return nextLoad(url, context);
}
