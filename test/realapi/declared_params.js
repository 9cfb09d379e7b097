// node declared_params.js DESCRIPTION LOG
// Prism (prism mock --errors) rejects a declared parameter whose value the
// description does not allow, but lets through a query parameter that the
// description does not declare at all.  This check closes that gap: for
// each request of LOG (lines "STATUS METHOD URL", from proxy.js), the
// operation of DESCRIPTION (YAML or JSON; js-yaml is found on NODE_PATH,
// where Prism's own installation has it) that the path matches must declare
// every query parameter sent.  Prints one line per parameter that is not
// declared, or per request that matches no operation; exits 1 if any.
const fs = require('fs');
const yaml = require('js-yaml');
const doc = yaml.load(fs.readFileSync(process.argv[2], 'utf8'));
const lines = fs.readFileSync(process.argv[3], 'utf8').split('\n').filter((l) => l);

// a path template as a regular expression: /things/{id} matches /things/2
const ops = Object.entries(doc.paths || {}).map(([template, item]) => {
  const re = new RegExp('^' + template.split(/\{[^}]*\}/)
    .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+') + '$');
  return { template, item, re };
});

// a parameter given as {$ref: '#/components/parameters/...'}
const deref = (p) => (p && p.$ref && p.$ref.startsWith('#/')
  ? p.$ref.slice(2).split('/').reduce((o, k) => o && o[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
  : p);

let bad = 0;
for (const line of lines) {
  const [, method, url] = line.split(' ');
  const u = new URL(url, 'http://localhost');
  const op = ops.find((o) => o.re.test(u.pathname) && o.item[method.toLowerCase()]);
  if (!op) {
    console.log(`${method} ${url}: no operation of the description matches`);
    bad++;
    continue;
  }
  const declared = new Set([...(op.item.parameters || []),
                            ...(op.item[method.toLowerCase()].parameters || [])]
    .map(deref).filter((p) => p && p.in === 'query').map((p) => p.name));
  for (const name of new Set(u.searchParams.keys())) {
    if (!declared.has(name)) {
      console.log(`${method} ${url}: query parameter "${name}" is not declared for ${method} ${op.template}`);
      bad++;
    }
  }
}
process.exit(bad ? 1 : 0);
