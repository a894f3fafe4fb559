exports.twice = (x) => x * 2;
exports.text = "line separator 😀";
//# sourceURL=file:///virtual/dep.cjs
//# sourceMappingURL=maps/dep.cjs.map
