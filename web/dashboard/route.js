// Hash routes (#/agents/agt_...?status=queued): the server serves one page, and a link works
// behind any path prefix.
import { useEffect, useState } from 'preact/hooks';

function parse() {
  const hash = window.location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = hash.split('?');
  return {
    hash,
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    query: Object.fromEntries(new URLSearchParams(search)),
  };
}

export function useRoute() {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const changed = () => setRoute(parse());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

// The href of a page: link('runs', id) → "#/runs/<id>".
export function link(...parts) {
  return `#/${parts.filter((p) => p !== undefined && p !== null).map(encodeURIComponent).join('/')}`;
}

export function go(...parts) {
  window.location.hash = link(...parts);
}
