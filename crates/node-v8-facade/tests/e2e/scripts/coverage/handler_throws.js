'use strict';
// An uncaughtException listener that throws: Node exits with 7 and writes
// no coverage file.
process.on('uncaughtException', () => { throw new Error('again'); });
throw new Error('first');
