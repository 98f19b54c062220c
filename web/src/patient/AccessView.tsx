import { useState } from 'preact/hooks';
import type { MedRecApi } from '../api/client';
import { describeReason } from '../api/problems';
import { describePurposes } from '../api/purposes';
import type { AccessViewAnswer, AuditEntry } from '../api/types';
import { AddressLabel } from '../components/AddressLabel';
import { ErrorMessage } from '../components/ErrorMessage';
import { toLocalInput } from './ShareForm';

/**
 * "Who could see my records at a time": per provider and pointer, whose grants were in force at the chosen time
 * (the chain as of the block then) and who read, granted or denied, up to it. Left untouched, the time is "now" at
 * the moment of asking.
 */
export function AccessView({ api, me }: { api: MedRecApi; me: string }) {
  const [at, setAt] = useState(() => toLocalInput(new Date()));
  const [edited, setEdited] = useState(false);
  const [answer, setAnswer] = useState<AccessViewAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [state, setState] = useState<'idle' | 'loading' | 'done'>('idle');

  const show = async () => {
    const time = edited ? new Date(at) : new Date();
    if (!edited) setAt(toLocalInput(time));
    setState('loading');
    setError(null);
    try {
      if (Number.isNaN(time.getTime())) throw new Error('Choose a date and time.');
      setAnswer(await api.accessView(me, time));
    } catch (e) {
      setAnswer(null);
      setError(e);
    } finally {
      setState('done');
    }
  };

  return (
    <div data-testid="access-view" data-state={state}>
      <form onSubmit={e => { e.preventDefault(); void show(); }}>
        <fieldset role="group">
          <input type="datetime-local" step={1} value={at} aria-label="At" data-testid="access-view-at"
            onInput={e => { setAt(e.currentTarget.value); setEdited(true); }} />
          <button type="submit" aria-busy={state === 'loading'} disabled={state === 'loading'} data-testid="access-view-show">Show</button>
        </fieldset>
        <small>Leave the time as it is for now; the chain is read as of its last block at that time.</small>
      </form>
      <ErrorMessage error={error} />
      {answer && <AccessViewAnswerView answer={answer} me={me} />}
    </div>
  );
}

function AccessViewAnswerView({ answer, me }: { answer: AccessViewAnswer; me: string }) {
  return (
    <div data-testid="access-view-answer" data-block={answer.block}>
      <p><small>As of block {answer.block} ({new Date(answer.blockTime).toLocaleString()}), asked for {new Date(answer.at).toLocaleString()}.</small></p>
      {answer.auditProviders.filter(p => p.outcome !== 'ok').map(p => (
        <p class="error" key={p.provider}><AddressLabel address={p.provider} /> did not answer: {describeReason(p.reason)}</p>
      ))}
      {answer.providers.length === 0 && <p data-testid="access-view-empty">No provider held records about you at that time.</p>}
      {answer.providers.map(provider => (
        <article key={provider.provider} data-testid="access-provider" data-provider={provider.provider.toLowerCase()} data-status={provider.status}>
          <header><AddressLabel address={provider.provider} /> <small>(relationship {provider.status})</small></header>
          {provider.pointers.length === 0 && <p>No record sets published then.</p>}
          {provider.pointers.map(pointer => (
            <section key={pointer.pointerId} data-testid="access-pointer" data-pointer={pointer.pointerId.toLowerCase()}>
              <h4>Record set {pointer.pointerId.slice(0, 10)}… <small>version {pointer.version}</small></h4>
              <p><strong>Could read:</strong> you and the provider
                {pointer.viewers.length === 0 ? '; nobody else.' : ', and:'}</p>
              {pointer.viewers.length > 0 && (
                <table class="striped">
                  <thead><tr><th>Viewer</th><th>Until</th><th>Purposes</th></tr></thead>
                  <tbody>
                    {pointer.viewers.map(v => (
                      <tr key={v.viewer} data-testid="access-viewer" data-viewer={v.viewer.toLowerCase()}>
                        <td><AddressLabel address={v.viewer} you={me} /></td>
                        <td>{new Date(v.expiresAt * 1000).toLocaleString()}</td>
                        <td>{describePurposes(v.purposes)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <Accesses title="Did read or ask" entries={pointer.accesses} me={me} />
            </section>
          ))}
          {provider.otherAccesses.length > 0 && <Accesses title="Other requests (all records, audit trail)" entries={provider.otherAccesses} me={me} />}
        </article>
      ))}
    </div>
  );
}

function Accesses({ title, entries, me }: { title: string; entries: AuditEntry[]; me: string }) {
  if (entries.length === 0) return <p><strong>{title}:</strong> nobody.</p>;
  return (
    <>
      <p><strong>{title}:</strong></p>
      <table class="striped">
        <thead><tr><th>When</th><th>Who</th><th>Decision</th></tr></thead>
        <tbody>
          {entries.map(e => (
            <tr key={e.id} data-testid="access-entry" data-asker={e.asker.toLowerCase()} data-granted={String(e.granted)} data-reason={e.reason}>
              <td>{new Date(e.time).toLocaleString()}</td>
              <td><AddressLabel address={e.asker} you={me} /></td>
              <td>{e.granted
                ? <span class="badge badge-accepted">granted</span>
                : <span class="badge badge-rejected">denied: {describeReason(e.reason)}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
