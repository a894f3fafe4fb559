exports.value = 1;
//# sourceMappingURL=nowhere/missing.cjs.map
