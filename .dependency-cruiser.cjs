// Import directions from DESIGN.md. Each layer names the layers it may import;
// anything else under src/ is forbidden. cmd/ is the composition root and may
// import everything.
const allowed = {
  util: [],
  api: ['util'],
  storage: ['util'],
  apiserver: ['api', 'storage', 'util'],
  client: ['api', 'util'],
  controllers: ['client', 'api', 'util'],
  scheduler: ['client', 'api', 'util'],
  agent: ['client', 'api', 'util'],
  dns: ['client', 'api', 'util'],
  ingress: ['client', 'api', 'util'],
  dashboard: ['client', 'api', 'util'],
  cli: ['client', 'api', 'util'],
};

const layerRules = Object.entries(allowed).map(([layer, deps]) => ({
  name: `layering-${layer}`,
  comment: `src/${layer} may import only: ${[layer, ...deps].join(', ')}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: '^src/', pathNot: `^src/(${[layer, ...deps].join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-not-into-tests',
      comment: 'production code never imports tests, benchmarks or conformance suites',
      severity: 'error',
      from: { path: '^src/', pathNot: '(\\.test\\.ts$|/conformance/)' },
      to: { path: '(^test/|^bench/|\\.test\\.ts$|/conformance/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
