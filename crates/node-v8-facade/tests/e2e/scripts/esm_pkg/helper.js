export const helper = () => 'esm helper';
