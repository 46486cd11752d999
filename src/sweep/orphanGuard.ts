/**
 * Preloaded into every trainer child (worker.ts adds it to the children's execArgv, before BullMQ's child code
 * runs): when the worker that started the child goes away (killed, crashed), the child exits instead of training for
 * nobody. Measured without it: a child whose parent was SIGKILLed while it was loading stayed behind at 100 % CPU —
 * BullMQ's child answers an uncaught error by sending it to its parent, which fails on the closed channel, which is
 * another uncaught error. So: exit on 'disconnect', and exit on any uncaught error once the channel is closed.
 */
const orphaned = () => typeof process.send === 'function' && !process.connected;
process.on('disconnect', () => process.exit(1));
process.prependListener('uncaughtException', () => {
  if (orphaned()) process.exit(1);
});
process.prependListener('unhandledRejection', () => {
  if (orphaned()) process.exit(1);
});
if (orphaned()) process.exit(1);
