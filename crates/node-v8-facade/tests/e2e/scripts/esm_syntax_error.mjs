console.log('never');
const broken = ;
