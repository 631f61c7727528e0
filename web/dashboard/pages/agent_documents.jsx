// An agent's SOUL.md, WORKFLOW.md and rules, each edited on its own: read with the agent's ETag,
// saved with If-Match, and when someone saved that document in between, their version is shown
// beside the edit.
import { useState } from 'preact/hooks';
import { api, put } from '../api.js';
import { Form, Field, Loading, useLoad, notify } from '../ui.jsx';
import { ConflictNote, saveOrConflict } from './conflict.jsx';

const documents = [
  { path: 'personality', field: 'soulMd', title: 'SOUL.md', hint: 'The agent\'s personality.' },
  { path: 'workflow', field: 'workflowMd', title: 'WORKFLOW.md', hint: 'How the agent works.' },
  { path: 'rules', field: 'rules', title: 'Rules', hint: 'One rule per line.' },
];

const asText = (doc, value) => (doc.field === 'rules' ? value.join('\n') : value);
const fromText = (doc, text) => (doc.field === 'rules' ? text.split('\n').map((r) => r.trim()).filter(Boolean) : text);

async function read(agent, doc) {
  const res = await api('GET', `/v1/agents/${agent.id}/${doc.path}`, { raw: true });
  return { text: asText(doc, res.json.data[doc.field]), etag: res.headers.get('etag'), updatedAt: res.json.data.updatedAt };
}

function Editor({ agent, doc, canWrite }) {
  const state = useLoad(() => read(agent, doc), [agent.id, doc.path]);
  const [draft, setDraft] = useState(null);       // what the person typed, kept through a conflict
  const [conflict, setConflict] = useState(null); // the newer version: {text, etag}
  const [generation, setGeneration] = useState(0);
  // Saves `text` over `base` (the version it was edited from). The ETag is the whole agent's: a
  // 409 where this document is still `base` came from a change to another part (another
  // document saved here, a setting), so it is saved again over the newer ETag.
  const save = async (text, etag, base, tries = 3) => {
    const out = await saveOrConflict(
      (tag) => put(`/v1/agents/${agent.id}/${doc.path}`, { [doc.field]: fromText(doc, text) }, { 'if-match': tag }),
      etag, () => read(agent, doc));
    if (out.conflict && out.conflict.text === base && tries > 1) return save(text, out.conflict.etag, base, tries - 1);
    if (out.conflict) {
      setDraft(text);
      setConflict(out.conflict);
      return;
    }
    setConflict(null);
    setDraft(null);
    notify('ok', `${doc.title} saved`);
    await state.reload();
    setGeneration((g) => g + 1);
  };
  const takeTheirs = async () => {
    await state.reload();
    setConflict(null);
    setDraft(null);
    setGeneration((g) => g + 1);
  };
  return (
    <Loading state={state}>{(current) => (
      <section aria-labelledby={`doc-${doc.path}`} data-document={doc.path}>
        <h2 id={`doc-${doc.path}`}>{doc.title}</h2>
        {conflict && (
          <ConflictNote what={doc.title} theirs={conflict.text}
            keepMine={() => save(draft, conflict.etag, conflict.text)} takeTheirs={takeTheirs} />
        )}
        {canWrite ? (
          <Form key={`${current.etag}/${generation}`} class="wide" submit={(values) => save(values.text, current.etag, current.text)} label={`Save ${doc.title}`}>
            <Field label={doc.title} name="text" as="textarea" rows={doc.field === 'rules' ? 5 : 12} class="editor"
              value={draft ?? current.text} hint={doc.hint} spellcheck={false} />
          </Form>
        ) : <pre class="pre">{current.text}</pre>}
      </section>
    )}</Loading>
  );
}

export function Documents({ agent, canWrite }) {
  return (
    <div class="stack">
      {documents.map((doc) => <Editor key={doc.path} agent={agent} doc={doc} canWrite={canWrite} />)}
    </div>
  );
}
