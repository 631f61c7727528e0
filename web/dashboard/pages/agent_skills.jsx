// An agent's skills: those installed (with the version pinned or followed), installing one of
// the account's or the marketplace's skills, and removing one.
import { get, post, del, itemsOf } from '../api.js';
import { Form, Field, Action, Loading, useLoad, When, Table } from '../ui.jsx';

export function Skills({ agent }) {
  const base = `/v1/agents/${agent.id}/skills`;
  const installed = useLoad(() => get(base), [agent.id]);
  const available = useLoad(() => itemsOf('/v1/skills', '/v1/skills/marketplace'));
  const install = async (values) => {
    const body = { skillId: values.skillId };
    if (values.version) body.version = Number(values.version);
    await post(base, body);
    installed.reload();
  };
  return (
    <div class="stack">
      <h2>Installed</h2>
      <Loading state={installed}>{(res) => (res.data.length === 0 ? <p class="muted">No skills installed.</p> : (
        <Table head={['Skill', 'Version', 'Installed', { hidden: 'Actions' }]}>
          {res.data.map(({ skill, ...s }) => (
            <tr key={skill.id} data-skill={skill.id}>
              <td>{skill.name}<div class="muted small">{skill.description}</div></td>
              <td>{s.pinnedVersion ? `v${s.pinnedVersion} (pinned)` : `v${s.version} (follows the latest)`}</td>
              <td><When at={s.installedAt} /></td>
              <td><Action run={async () => { await del(`${base}/${skill.id}`); installed.reload(); }} done="Skill removed"
                aria-label={`Remove ${skill.name}`}>Remove</Action></td>
            </tr>
          ))}
        </Table>
      ))}</Loading>
      <h2>Install a skill</h2>
      <Loading state={available}>{(skills) => (
        <Form submit={install} label="Install" done="Skill installed">
          <Field label="Skill" name="skillId" as="select" required>
            {skills.map((s) => <option key={s.id} value={s.id}>{s.name}{s.builtIn ? ' (built in)' : ''} — v{s.version}</option>)}
          </Field>
          <Field label="Pin version (optional)" name="version" type="number" min={1} />
        </Form>
      )}</Loading>
    </div>
  );
}
