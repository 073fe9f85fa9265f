// vpcreach is an ES module. This entry exists only to say so clearly to `require('vpcreach')`.
throw new Error(
  "vpcreach is an ES module and cannot be loaded with require(). Use `import { loadModel, trace } from 'vpcreach'` " +
    "(in an ES module, or a .mjs file), or `const vpcreach = await import('vpcreach')` from CommonJS.",
);
