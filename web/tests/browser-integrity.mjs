// A record changed in the provider's database after its pointer was published: the patient's timeline must withhold
// it and say so, next to the provider's outcome. The harness (test/MedRec.Web.Tests) publishes a heart-rate
// observation for the patient "Test Tampered Patient" at "Test Clinic" and then changes the stored value behind the
// chain's back. Environment: see harness.mjs.

import { expectCount, Scenario } from './harness.mjs';

const scenario = await Scenario.start('browser-integrity');
const clinic = scenario.identity('provider', 'Test Clinic');
const patient = scenario.identity('patient', 'Test Tampered Patient');

await scenario.run('patient sees the changed records withheld, marked as changed since published', async () => {
  const p = await scenario.signIn('patient', patient);
  await p.getByTestId('load-history').click();
  await p.locator(`[data-testid=provider-outcome][data-provider="${clinic.address}"][data-outcome=integrityFailed]`).waitFor();
  await p.getByTestId('withheld').getByText('changed since published').waitFor();
  await expectCount(p.getByTestId('record'), 0, 'records shown (the only one failed the integrity check)');
  await scenario.shot(p, '01-patient-integrity-failed');
});

await scenario.finish();
