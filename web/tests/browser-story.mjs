// The MedRec story clicked through the real UI in Debian's Chromium: physician adds records / patient accepts /
// patient shares / viewer reads / patient revokes / viewer refused, an expired grant shown to the viewer,
// patient-reported records, research consent, the audit trail with an entry's inclusion proof, who could and did read
// the records now (the access view), break-the-glass announced to the patient and key export/import. Environment: see harness.mjs;
// the identities file holds a provider "Test Clinic", a provider "Second-opinion physician" and a patient "Test Patient".

import { expectCount, localInput, operationApplied, Scenario } from './harness.mjs';

const expiredGrantDeadlineMs = 120_000;
const pollIntervalMs = 1_000;

const scenario = await Scenario.start('browser-story');
const clinic = scenario.identity('provider', 'Test Clinic');
const secondOpinion = scenario.identity('provider', 'Second-opinion physician');
const patient = scenario.identity('patient', 'Test Patient');
const run = (name, body) => scenario.run(name, body);
const shot = (page, name) => scenario.shot(page, name);
const signIn = (app, who) => scenario.signIn(app, who);
const newPage = () => scenario.newPage();
const baseUrl = scenario.baseUrl;

// One browser context per person: each keeps its own keys in its own localStorage, as separate browsers would.
const physicianPage = await signIn('physician', clinic);
const patientPage = await signIn('patient', patient);
const viewerPage = await signIn('physician', secondOpinion);

await run('physician finds the patient (no relationship yet)', async () => {
  const p = physicianPage;
  await p.getByTestId('find-patient').fill(patient.address);
  await p.getByTestId('find-patient-submit').click();
  await p.getByTestId('patient-panel').waitFor();
  await p.getByTestId('no-relationship').waitFor();
});

await run('physician adds two heart-rate observations and an encounter note, stored and published', async () => {
  const p = physicianPage;
  for (const value of ['72', '88']) {
    await p.getByTestId('record-kind').selectOption('observation');
    await p.getByTestId('record-code').selectOption('8867-4');
    await p.getByTestId('record-value').fill(value);
    await p.getByTestId('record-submit').click();
    await operationApplied(p);
  }
  await p.getByTestId('record-kind').selectOption('encounter');
  await p.getByTestId('record-note').fill('Palpitations after exercise; ECG normal.');
  await p.getByTestId('record-submit').click();
  await operationApplied(p);
  if (await p.getByTestId('record-note').inputValue() !== '') throw new Error('the note was not cleared once the record was stored');
  await p.locator('[data-testid=relationship][data-status=new]').waitFor();
  await expectCount(p.getByTestId('pointer'), 2, 'pointers (one per slice: vital signs, encounters)');
  await shot(p, '01-physician-added-records');
});

await run('patient sees the new relationship and accepts it', async () => {
  const p = patientPage;
  await p.getByTestId('refresh-summary').click();
  const row = p.locator(`[data-testid=relationship][data-provider="${clinic.address}"]`);
  await row.and(p.locator('[data-status=new]')).waitFor();
  await row.getByTestId('accept').click();
  await operationApplied(p);
  await p.locator(`[data-testid=relationship][data-provider="${clinic.address}"][data-status=accepted]`).waitFor();
  await shot(p, '02-patient-accepted');
});

await run('physician sees the pointers accepted', async () => {
  const p = physicianPage;
  await p.getByTestId('refresh-relationship').click();
  await p.locator('[data-testid=relationship][data-status=accepted]').waitFor();
  await p.getByTestId('pointer').first().getByText('accepted by the patient').waitFor();
});

await run('patient loads the whole history: verified records from the clinic and a trend chart', async () => {
  const p = patientPage;
  await loadHistory(p);
  await p.locator(`[data-testid=provider-outcome][data-provider="${clinic.address}"][data-outcome=ok]`).waitFor();
  await expectCount(p.locator('[data-testid=record][data-type=Observation]'), 2, 'heart-rate observations');
  await expectCount(p.locator('[data-testid=record][data-type=Encounter]'), 1, 'encounter notes');
  const verdicts = await p.getByTestId('verdict').allTextContents();
  if (verdicts.some(v => v !== 'verified')) throw new Error(`every record should be verified, got ${verdicts.join(', ')}`);
  await p.locator('[data-testid=trend-chart][data-series="8867-4"] canvas').waitFor();
  await shot(p, '03-patient-timeline');
});

await run('patient shares the heart-rate records with the second-opinion physician', async () => {
  const p = patientPage;
  await p.locator('[data-testid=record][data-type=Observation]').first().getByTestId('select-record').check();
  await p.getByTestId('share-viewer').fill(secondOpinion.address);
  await p.getByTestId('share-expires').fill(localInput(new Date(Date.now() + 24 * 3600 * 1000)));
  // Every purpose is checked by default; a second opinion is care, not research or billing.
  for (const purpose of ['payment', 'research']) await p.locator(`[data-testid=share-purpose][data-purpose=${purpose}]`).uncheck();
  await p.getByTestId('share-submit').click();
  await operationApplied(p);
  const grant = p.locator(`[data-testid=grant][data-viewer="${secondOpinion.address}"]`);
  await grant.waitFor();
  const purposes = await grant.getAttribute('data-purposes');
  if (purposes !== 'treatment operations emergency patient-request') throw new Error(`the grant lists purposes '${purposes}'`);
  await grant.getByTestId('grant-purposes').getByText('Treatment, Operations, Emergency, My own request').waitFor();
  await shot(p, '04-patient-shared');
});

await run('viewer reads exactly what was shared', async () => {
  const p = viewerPage;
  await p.getByTestId('shared-patient').fill(patient.address);
  await p.getByTestId('shared-provider').fill('');
  await p.getByTestId('shared-read').click();
  await p.locator(`[data-testid=provider-outcome][data-provider="${clinic.address}"][data-outcome=ok]`).waitFor();
  await expectCount(p.locator('[data-testid=record][data-type=Observation]'), 2, 'shared observations');
  await expectCount(p.locator('[data-testid=record][data-type=Encounter]'), 0, 'encounters (not shared)');
  await shot(p, '05-viewer-reads');
});

await run('patient revokes the grant', async () => {
  const p = patientPage;
  await p.locator(`[data-testid=grant][data-viewer="${secondOpinion.address}"]`).getByTestId('revoke').click();
  await operationApplied(p);
  await p.getByTestId('no-grants').waitFor();
  await shot(p, '06-patient-revoked');
});

await run('viewer is refused after the revocation, with a clear message', async () => {
  const p = viewerPage;
  await p.getByTestId('shared-provider').fill(clinic.address);
  // The purpose is the viewer's choice (ADR 0012); this read declares payment, and the patient's trail shows it.
  await p.getByTestId('shared-purpose').selectOption('payment');
  await p.getByTestId('shared-read').click();
  const error = p.locator('[data-testid=error][data-code=access-denied][data-reason=no-grant]');
  await error.waitFor();
  await error.getByText('Ask the patient to share them').waitFor();
  await shot(p, '07-viewer-refused');
  await p.getByTestId('shared-purpose').selectOption('treatment');
});

await run('an expired grant is shown to the viewer as expired', async () => {
  const p = patientPage;
  // A grant that expires shortly after it is applied; the chain refuses expiries in the past, so leave room for mining.
  const expiresAt = new Date(Date.now() + 20_000);
  await loadHistory(p);
  await p.locator('[data-testid=record][data-type=Observation]').first().getByTestId('select-record').check();
  await p.getByTestId('share-viewer').fill(secondOpinion.address);
  await p.getByTestId('share-expires').fill(localInput(expiresAt));
  await p.getByTestId('share-submit').click();
  await operationApplied(p);

  const v = viewerPage;
  const expired = v.locator('[data-testid=error][data-code=access-denied][data-reason=grant-expired]');
  const deadline = Date.now() + expiredGrantDeadlineMs;
  // Poll the read with a deadline: until the grant's expiry passes the read succeeds, afterwards it must be refused.
  const container = v.getByTestId('shared-with-me');
  for (;;) {
    const reads = Number(await container.getAttribute('data-reads'));
    await v.getByTestId('shared-read').click();
    await v.locator(`[data-testid=shared-with-me][data-state=done][data-reads="${reads + 1}"]`).waitFor();
    if (await expired.count() > 0) break;
    if (Date.now() > deadline) throw new Error(`no grant-expired error within ${expiredGrantDeadlineMs} ms of sharing until ${expiresAt.toISOString()}`);
    await v.waitForTimeout(pollIntervalMs);
  }
  await expired.getByText('has expired').waitFor();
  await shot(v, '08-viewer-grant-expired');
});

await run('patient adds a wearable reading of their own (patient-reported records)', async () => {
  const p = patientPage;
  await p.getByTestId('own-wearable').click();
  await p.getByTestId('own-kind').selectOption('8867-4');
  await p.getByTestId('own-value').fill('64');
  await p.getByTestId('own-submit').click();
  await operationApplied(p);
  // The patient-reported provider opens a new relationship, which the patient accepts like any other.
  const row = p.locator('[data-testid=relationship][data-status=new]');
  await row.waitFor();
  await row.getByTestId('accept').click();
  await operationApplied(p);
  await loadHistory(p);
  await p.locator('[data-testid=record] .badge-own').first().waitFor();
  await expectCount(p.locator('[data-testid=record][data-type=Observation]'), 3, 'observations (two from the clinic, one own)');
  await shot(p, '09-patient-own-record');
});

await run('patient opts in to research', async () => {
  const p = patientPage;
  await p.locator('[data-testid=research][data-consent=false]').waitFor();
  await p.getByTestId('research-toggle').click();
  await operationApplied(p);
  await p.locator('[data-testid=research][data-consent=true]').waitFor();
});

await run('patient\'s audit trail shows the viewer\'s granted and refused reads', async () => {
  const p = patientPage;
  await p.getByTestId('load-audit').click();
  await p.locator(`[data-testid=audit-entry][data-asker="${secondOpinion.address}"][data-granted=true][data-purpose=treatment]`).first().waitFor();
  await p.locator(`[data-testid=audit-entry][data-asker="${secondOpinion.address}"][data-granted=false][data-reason=no-grant][data-purpose=payment]`).first().waitFor();
  await p.locator(`[data-testid=audit-entry][data-asker="${secondOpinion.address}"][data-granted=false][data-reason=grant-expired]`).first().waitFor();
  await shot(p, '10-patient-audit');
});

await run('patient sees who could and did read the clinic\'s records now, and asks for an audit entry\'s inclusion proof', async () => {
  const p = patientPage;
  const view = p.getByTestId('access-view');
  await p.getByTestId('access-view-show').click();
  await view.and(p.locator('[data-state=done]')).waitFor();
  const problem = view.getByTestId('error');
  if (await problem.count() > 0) throw new Error(`the access view failed: ${await problem.textContent()}`);
  // The viewer's granted reads are audited per pointer read; the grants themselves were revoked or have expired.
  const clinicView = p.locator(`[data-testid=access-provider][data-provider="${clinic.address}"]`);
  await clinicView.locator(`[data-testid=access-pointer] [data-testid=access-entry][data-asker="${secondOpinion.address}"][data-granted=true]`).first().waitFor();
  await expectCount(clinicView.locator(`[data-testid=access-viewer][data-viewer="${secondOpinion.address}"]`), 0, 'grants of the viewer in force now');
  await shot(p, '10b-patient-access-view');

  // The demo anchors audit logs every few minutes: the proof is either ready to download or not anchored yet.
  const proof = p.locator(`[data-testid=audit-entry][data-asker="${secondOpinion.address}"][data-granted=true]`).first().getByTestId('audit-proof');
  await proof.getByTestId('audit-proof-fetch').click();
  await proof.getByTestId('audit-proof-link').or(proof.locator('[data-testid=error][data-code=audit-entry-not-anchored]')).waitFor();
  const link = proof.getByTestId('audit-proof-link');
  if (await link.count() > 0 && !/^audit-proof-[0-9a-f]+\.json$/.test(await link.getAttribute('download') ?? '')) {
    throw new Error(`the proof download is named '${await link.getAttribute('download')}'`);
  }
  if (await link.count() === 0) await proof.getByText('not anchored on the chain yet').waitFor();
  await shot(p, '10c-patient-audit-proof');
});

await run('a physician without a grant breaks the glass; the patient is told at once and ends it', async () => {
  const v = viewerPage;
  await v.getByTestId('find-patient').fill(patient.address);
  await v.getByTestId('find-patient-submit').click();
  await v.locator(`[data-testid=patient-panel][data-patient="${patient.address}"]`).waitFor();
  // No justification, no window: the form says why before anything is sent.
  await v.getByTestId('break-glass-open').click();
  await v.getByTestId('break-glass-problem').waitFor();
  await v.getByTestId('break-glass-justification').fill('Unconscious on arrival; allergy and medication history needed.');
  await v.getByTestId('break-glass-minutes').fill('30');
  await v.getByTestId('break-glass-open').click();
  await operationApplied(v);
  await shot(v, '11-physician-broke-the-glass');

  const p = patientPage;
  await p.getByTestId('refresh-summary').click();
  const banner = p.locator(`[data-testid=emergency-open][data-provider="${secondOpinion.address}"]`);
  await banner.waitFor();
  await p.locator(`[data-testid=emergency-window][data-provider="${secondOpinion.address}"][data-state=open]`).waitFor();
  if ((await p.getByTestId('patient-view').textContent())?.includes('allergy and medication history')) {
    throw new Error('the justification text reached the patient\'s page: only its commitment is on chain');
  }
  await shot(p, '12-patient-told-of-emergency-access');
  await banner.getByTestId('emergency-close').click();
  await operationApplied(p);
  await p.locator(`[data-testid=emergency-window][data-provider="${secondOpinion.address}"][data-state=ended]`).waitFor();
  await expectCount(p.getByTestId('emergency-open'), 0, 'open emergency windows once ended');
});

await run('a key is exported and imported into a fresh browser; a generated, unregistered key is told it is no registered patient', async () => {
  const p = patientPage;
  await p.getByTestId('export-key').click();
  const exported = (await p.getByTestId('exported-key').textContent())?.trim() ?? '';
  if (hexKey(exported) !== hexKey(patient.privateKey)) throw new Error('the exported key is not the patient\'s key');
  const fresh = await newPage();
  await fresh.goto(`${baseUrl}/#/patient`);
  await fresh.getByTestId('import-key').fill(exported);
  await fresh.getByTestId('import-key-submit').click();
  await fresh.locator(`[data-testid=signed-in][data-address="${patient.address}"]`).waitFor();
  // A generated key has no relationships and no custody key: its summary read is refused as an unknown patient.
  await fresh.getByTestId('sign-out').click();
  await fresh.getByText('Add a key').click();
  await fresh.getByTestId('generate-key').click();
  await fresh.locator('[data-testid=error][data-code=patient-unknown]').waitFor();
  await shot(fresh, '13-unknown-patient-message');
});

await scenario.finish();

/** Reloads the patient's timeline and waits for the fresh one (selecting in the old one would be lost on arrival). */
async function loadHistory(page) {
  const loads = Number(await page.getByTestId('patient-view').getAttribute('data-history-loads'));
  await page.getByTestId('load-history').click();
  await page.locator(`[data-testid=patient-view][data-history-loads="${loads + 1}"]`).waitFor();
}

function hexKey(key) {
  return key.toLowerCase().replace(/^0x/, '');
}
