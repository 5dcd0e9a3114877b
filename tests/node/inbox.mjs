// What an embedded core's session received (core.connect's callback), by event name, in order:
// next(event) waits for the next one of that name; `received` holds the ones not taken yet.
export function inbox() {
  const received = [];
  let wake = () => {};
  return {
    received,
    onEvent(event, buffer) {
      received.push({ event, buffer });
      wake();
    },
    async next(event) {
      for (;;) {
        const i = received.findIndex((e) => e.event === event);
        if (i >= 0) return received.splice(i, 1)[0].buffer;
        await new Promise((resolve) => { wake = resolve; });
      }
    },
  };
}
