exports.add = (a, b) => a + b;
module.exports.loadedFrom = module.parent ? 'parent' : 'none';
