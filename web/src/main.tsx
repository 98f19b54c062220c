import '@picocss/pico/css/pico.min.css';
import './app.css';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { MedRecApi } from './api/client';
import { KeyPanel } from './components/KeyPanel';
import { signedIn, walletOf, type AppName } from './keys';
import { PatientView } from './patient/PatientView';
import { PhysicianApp } from './physician/PhysicianApp';

function currentApp(): AppName {
  return location.hash.startsWith('#/physician') ? 'physician' : 'patient';
}

function App() {
  const [app, setApp] = useState<AppName>(currentApp());
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const onHash = () => setApp(currentApp());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const key = useMemo(() => signedIn(app), [app, version]);
  const api = useMemo(() => new MedRecApi(key ? walletOf(key) : null), [key?.address]);

  return (
    <>
      <header class="container">
        <nav>
          <ul><li><strong>MedRec</strong></li></ul>
          <ul>
            <li><a href="#/patient" aria-current={app === 'patient' ? 'page' : undefined} data-testid="nav-patient">Patient</a></li>
            <li><a href="#/physician" aria-current={app === 'physician' ? 'page' : undefined} data-testid="nav-physician">Physician</a></li>
          </ul>
        </nav>
      </header>
      <main class="container">
        <h1>{app === 'patient' ? 'My health records' : 'Physician'}</h1>
        <KeyPanel key={app} app={app} current={key} onChange={() => setVersion(v => v + 1)} />
        {key && app === 'patient' && <PatientView key={key.address} api={api} me={key.address} />}
        {key && app === 'physician' && <PhysicianApp key={key.address} api={api} me={key.address} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
