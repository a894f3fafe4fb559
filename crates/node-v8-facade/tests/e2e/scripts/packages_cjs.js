const pkg = require('fake-cjs-pkg'); console.log(pkg.kind, require.resolve('fake-cjs-pkg').endsWith('node_modules/fake-cjs-pkg/lib/entry.js'));
