// Optimistic concurrency as people meet it: a save carries If-Match with the ETag read; when
// someone saved in between, the API answers 409 and the page shows what changed, to keep one's
// own edit (saved over the newer version) or to take theirs.
import { Action } from '../ui.jsx';

// Runs save(etag). A 409 conflict answers {conflict: await latest()}; anything else it throws.
export async function saveOrConflict(save, etag, latest) {
  try {
    return { saved: await save(etag) };
  } catch (error) {
    if (error.status !== 409 || error.code !== 'conflict') throw error;
    return { conflict: await latest(), error };
  }
}

// The conflict shown: what was saved meanwhile (`theirs`, shown as given) and the two ways out.
export function ConflictNote({ what, theirs, keepMine, takeTheirs }) {
  return (
    <div class="conflict" role="alert" data-conflict>
      <strong>{what} changed since you opened it.</strong>
      <p class="muted small">Someone saved a newer version. Keep your edit (it replaces theirs), or take theirs (your edit is discarded).</p>
      {theirs !== undefined && (
        <details open>
          <summary>Their version</summary>
          <pre class="pre" data-theirs>{theirs}</pre>
        </details>
      )}
      <div class="row">
        <Action kind="primary" run={keepMine} done="Saved over the newer version">Keep mine</Action>
        <Action run={takeTheirs}>Take theirs</Action>
      </div>
    </div>
  );
}
