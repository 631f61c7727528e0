// Reading Server-Sent Events the way a browser's EventSource does: blocks separated by a blank
// line, "field: value" lines, comments (":") skipped.
export async function openSse(url, headers = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  const events = [];
  // Reads until `count` more events arrived or the stream ended; returns them.
  async function next(count = Infinity) {
    while (events.length < count && !ended) {
      const { value, done } = await reader.read();
      if (done) { ended = true; break; }
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => l && !l.startsWith(':'))
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]));
        if (fields.event) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
      }
    }
    return events.splice(0, count);
  }
  return {
    res,
    next,
    // Every event until the server ends the stream.
    all: () => next(Infinity),
    get ended() { return ended; },
    close() { controller.abort(); },
  };
}
