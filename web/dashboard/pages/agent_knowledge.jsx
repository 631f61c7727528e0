// An agent's knowledge: its entries (paged), a new entry, deleting one, and a search that shows
// the chunks retrieval would give the agent.
import { useState } from 'preact/hooks';
import { get, post, del, q } from '../api.js';
import { Form, Field, Action, PagedList, usePaged, When, Table, given } from '../ui.jsx';

function Search({ agent }) {
  const [found, setFound] = useState(null);
  const search = async (values) => {
    setFound((await post(`/v1/agents/${agent.id}/knowledge/search`, { query: values.query, limit: 10 })));
  };
  return (
    <>
      <Form submit={search} label="Search" class="inline">
        <Field label="Search the knowledge" name="query" type="search" required maxLength={2000} />
      </Form>
      {found && (found.data.length === 0 ? <p class="muted">No chunk holds those words.</p> : (
        <ol class="hits">
          {found.data.map((h) => (
            <li key={`${h.entryId}/${h.chunk}`}>
              <strong>{h.title || h.entryId}</strong>{h.heading && <> · {h.heading}</>} <span class="muted small">score {h.score.toFixed(2)}</span>
              <p class="small">{h.snippet ?? h.text}</p>
            </li>
          ))}
        </ol>
      ))}
    </>
  );
}

export function Knowledge({ agent, canWrite }) {
  const base = `/v1/agents/${agent.id}/knowledge`;
  const paged = usePaged((from) => get(q(base, { ...from, limit: 25 })), [agent.id]);
  const add = async (values, form) => {
    await post(base, { content: values.content, ...given(values, ['title', 'source']) });
    form.reset();
    paged.reload();
  };
  return (
    <div class="stack">
      <Search agent={agent} />
      <h2>Entries</h2>
      <PagedList paged={paged} empty="No knowledge yet.">{(entries) => (
        <Table head={['Title', 'Source', 'Size', 'Chunks', 'Added', { hidden: 'Actions' }]}>
          {entries.map((e) => (
            <tr key={e.id} data-entry={e.id}>
              <td>{e.title || <span class="mono">{e.id}</span>}</td>
              <td>{e.source ?? '—'}</td>
              <td>{e.bytes} B</td>
              <td>{e.chunkCount}</td>
              <td><When at={e.createdAt} /></td>
              <td>{canWrite && (
                <Action run={async () => { await del(`${base}/${e.id}`); paged.reload(); }} done="Entry deleted"
                  confirm="Delete this entry?" aria-label={`Delete ${e.title || e.id}`}>Delete</Action>
              )}</td>
            </tr>
          ))}
        </Table>
      )}</PagedList>
      {canWrite && (
        <>
          <h2>Add an entry</h2>
          <Form submit={add} label="Add entry" done="Entry added">
            <Field label="Title" name="title" maxLength={300} />
            <Field label="Source" name="source" maxLength={2048} hint="A URL or a name." />
            <Field label="Content (text or Markdown)" name="content" as="textarea" rows={8} required />
          </Form>
        </>
      )}
    </div>
  );
}
