import { useState } from 'preact/hooks';
import { addKey, generateKey, importIdentities, loadKeys, removeKey, shortAddress, signIn, type AppName, type StoredKey } from '../keys';

/**
 * Sign-in with a key held in this browser only: pick a stored key, generate one, paste a private key or load the dev
 * system's identities file; export shows the key so it can be kept elsewhere.
 */
export function KeyPanel({ app, current, onChange }: { app: AppName; current: StoredKey | undefined; onChange: () => void }) {
  const [keys, setKeys] = useState(loadKeys());
  const [privateKey, setPrivateKey] = useState('');
  const [label, setLabel] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [exported, setExported] = useState(false);

  const refresh = (text: string | null = null) => {
    setKeys(loadKeys());
    setMessage(text);
    onChange();
  };

  const choose = (address: string | null) => {
    signIn(app, address);
    setExported(false);
    refresh();
  };

  if (current) {
    return (
      <section class="key-panel signed-in" data-testid="signed-in" data-address={current.address}>
        <span>Signed in as <strong>{current.label}</strong> <code title={current.address}>{current.address}</code></span>
        <span class="actions">
          <button class="secondary outline" onClick={() => setExported(!exported)} data-testid="export-key">
            {exported ? 'Hide key' : 'Export key'}
          </button>
          <button class="secondary" onClick={() => choose(null)} data-testid="sign-out">Sign out</button>
        </span>
        {exported && (
          <p class="warning">
            Your private key (keep it secret; anyone holding it acts as you): <code data-testid="exported-key">{current.privateKey}</code>
          </p>
        )}
      </section>
    );
  }

  return (
    <section class="key-panel" data-testid="key-panel">
      <h3>Sign in with your key</h3>
      <p><small>Keys stay in this browser's storage; they are never sent to MedRec. Requests are signed here.</small></p>
      {keys.length > 0 && (
        <ul class="keys">
          {keys.map(k => (
            <li key={k.address}>
              <button onClick={() => choose(k.address)} data-testid="use-key" data-address={k.address}>
                {k.label} <small>{shortAddress(k.address)}</small>
              </button>
              <button class="secondary outline small" onClick={() => { removeKey(k.address); refresh('Key removed from this browser.'); }}
                aria-label={`Forget ${k.label}`}>Forget</button>
            </li>
          ))}
        </ul>
      )}
      <details open={keys.length === 0}>
        <summary>Add a key</summary>
        <form onSubmit={e => {
          e.preventDefault();
          try {
            const key = addKey(privateKey, label);
            setPrivateKey('');
            choose(key.address);
          } catch {
            setMessage('That is not a private key (expected 64 hex digits).');
          }
        }}>
          <fieldset role="group">
            <input type="password" placeholder="Private key (0x…)" value={privateKey} autocomplete="off"
              onInput={e => setPrivateKey(e.currentTarget.value)} data-testid="import-key" aria-label="Private key" />
            <input placeholder="Label (optional)" value={label} onInput={e => setLabel(e.currentTarget.value)} aria-label="Label" />
            <button type="submit" data-testid="import-key-submit">Import</button>
          </fieldset>
        </form>
        <p class="actions">
          <button class="secondary" onClick={() => { const key = generateKey(label || 'Demo key'); choose(key.address); }} data-testid="generate-key">
            Generate a demo key
          </button>
          <label class="file">
            Load demo identities file
            <input type="file" accept="application/json,.json" data-testid="identities-file" onChange={async e => {
              const file = e.currentTarget.files?.[0];
              if (!file) return;
              try {
                refresh(`${importIdentities(await file.text())} keys loaded.`);
              } catch (error) {
                setMessage(error instanceof Error ? error.message : String(error));
              }
            }} />
          </label>
        </p>
      </details>
      {message && <p data-testid="key-message">{message}</p>}
    </section>
  );
}
