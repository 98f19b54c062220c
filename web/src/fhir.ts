// The few FHIR R4 shapes the apps write, and how they read any record back for a timeline or a chart.

import type { GatekeeperAnswer, IntegrityVerdict } from './api/types';

// FHIR JSON is open-ended: the readers below look members up defensively instead of typing every resource.
type Json = Record<string, any>;

/** An observation kind the forms offer: LOINC code, unit and FHIR category. */
export interface ObservationKind {
  code: string;
  display: string;
  unit: string;
  category: 'vital-signs' | 'laboratory' | 'activity';
}

export const observationKinds: ObservationKind[] = [
  { code: '8867-4', display: 'Heart rate', unit: '/min', category: 'vital-signs' },
  { code: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]', category: 'vital-signs' },
  { code: '29463-7', display: 'Body weight', unit: 'kg', category: 'vital-signs' },
  { code: '8310-5', display: 'Body temperature', unit: 'Cel', category: 'vital-signs' },
  { code: '2339-0', display: 'Glucose [Mass/volume] in Blood', unit: 'mg/dL', category: 'laboratory' },
  { code: '4548-4', display: 'Hemoglobin A1c', unit: '%', category: 'laboratory' },
  { code: '41950-7', display: 'Steps in 24 hours', unit: '/(24.h)', category: 'activity' },
];

export function observation(kind: ObservationKind, value: number, when: Date, note?: string): Json {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: kind.category }] }],
    code: { coding: [{ system: 'http://loinc.org', code: kind.code, display: kind.display }], text: kind.display },
    effectiveDateTime: when.toISOString(),
    valueQuantity: { value, unit: kind.unit, system: 'http://unitsofmeasure.org', code: kind.unit },
    ...(note ? { note: [{ text: note }] } : {}),
  };
}

/** A patient's symptom report: an Observation of LOINC 75325-1 (Symptom) with the patient's own words. */
export function symptomReport(symptom: string, severity: string, when: Date): Json {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '75325-1', display: 'Symptom' }], text: 'Symptom report' },
    effectiveDateTime: when.toISOString(),
    valueString: `${symptom} (${severity})`,
  };
}

/** A physician's encounter note: an ambulatory Encounter whose reason carries the note's text. */
export function encounterNote(note: string, when: Date): Json {
  return {
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    type: [{ text: 'Consultation' }],
    period: { start: when.toISOString(), end: when.toISOString() },
    reasonCode: [{ text: note }],
  };
}

export function medicationRequest(medication: string, dosage: string, when: Date): Json {
  return {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { text: medication },
    authoredOn: when.toISOString(),
    dosageInstruction: [{ text: dosage }],
  };
}

/** One record on a timeline: where it came from, whether it passed the integrity check, and what it says. */
export interface TimelineRecord {
  key: string;
  provider: string;
  pointerId: string;
  verdict: IntegrityVerdict;
  resourceType: string;
  date: string | undefined;
  title: string;
  detail: string;
  patientReported: boolean;
  quantity?: { code: string; label: string; value: number; unit: string };
}

/** A pointer whose records were withheld because they no longer match the chain. */
export interface WithheldPointer {
  provider: string;
  pointerId: string;
  verdict: IntegrityVerdict;
}

/** Flattens gatekeeper answers (one per provider) into records, newest first, and the pointers that were withheld. */
export function timelineOf(answers: GatekeeperAnswer[]): { records: TimelineRecord[]; withheld: WithheldPointer[] } {
  const records: TimelineRecord[] = [];
  const withheld: WithheldPointer[] = [];
  for (const answer of answers) {
    for (const pointer of answer.pointers) {
      if (pointer.verdict !== 'verified') {
        withheld.push({ provider: answer.provider, pointerId: pointer.pointerId, verdict: pointer.verdict });
        continue;
      }
      const bundle = parse(pointer.bundleJson);
      for (const [index, entry] of ((bundle?.entry ?? []) as Json[]).entries()) {
        const resource = entry.resource as Json | undefined;
        if (!resource) continue;
        records.push(describe(resource, answer.provider, pointer.pointerId, pointer.verdict, `${answer.provider}/${pointer.pointerId}/${resource.id ?? index}`));
      }
    }
  }
  records.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  return { records, withheld };
}

function describe(resource: Json, provider: string, pointerId: string, verdict: IntegrityVerdict, key: string): TimelineRecord {
  const type = String(resource.resourceType ?? 'Resource');
  const tags = (resource.meta?.tag ?? []) as Json[];
  const base = {
    key, provider, pointerId, verdict, resourceType: type,
    patientReported: tags.some(t => t.code === 'patient-reported'),
  };
  switch (type) {
    case 'Observation': {
      const code = (resource.code?.coding?.[0]?.code as string | undefined) ?? '';
      const label = text(resource.code) ?? 'Observation';
      const q = resource.valueQuantity as Json | undefined;
      const value = q ? `${q.value} ${q.unit ?? ''}`.trim() : (resource.valueString as string | undefined) ?? text(resource.valueCodeableConcept) ?? '';
      return {
        ...base, date: resource.effectiveDateTime ?? resource.effectivePeriod?.start ?? resource.issued, title: label, detail: value,
        quantity: q && typeof q.value === 'number' ? { code: code || label, label, value: q.value, unit: String(q.unit ?? '') } : undefined,
      };
    }
    case 'Encounter':
      return {
        ...base, date: resource.period?.start, title: `Encounter${resource.type?.[0]?.text ? `: ${resource.type[0].text}` : ''}`,
        detail: ((resource.reasonCode ?? []) as Json[]).map(text).filter(Boolean).join('; ') || (resource.class?.display ?? ''),
      };
    case 'MedicationRequest':
      return {
        ...base, date: resource.authoredOn, title: `Prescription: ${text(resource.medicationCodeableConcept) ?? 'medication'}`,
        detail: ((resource.dosageInstruction ?? []) as Json[]).map(d => d.text).filter(Boolean).join('; '),
      };
    case 'Condition':
      return { ...base, date: resource.onsetDateTime ?? resource.recordedDate, title: `Condition: ${text(resource.code) ?? ''}`, detail: text(resource.clinicalStatus) ?? '' };
    case 'Immunization':
      return { ...base, date: resource.occurrenceDateTime, title: `Immunization: ${text(resource.vaccineCode) ?? ''}`, detail: resource.status ?? '' };
    case 'AllergyIntolerance':
      return { ...base, date: resource.recordedDate ?? resource.onsetDateTime, title: `Allergy: ${text(resource.code) ?? ''}`, detail: text(resource.clinicalStatus) ?? '' };
    case 'Procedure':
      return { ...base, date: resource.performedDateTime ?? resource.performedPeriod?.start, title: `Procedure: ${text(resource.code) ?? ''}`, detail: resource.status ?? '' };
    case 'DiagnosticReport':
      return { ...base, date: resource.effectiveDateTime ?? resource.issued, title: `Report: ${text(resource.code) ?? ''}`, detail: resource.conclusion ?? '' };
    default:
      return { ...base, date: undefined, title: type, detail: '' };
  }
}

function text(concept: Json | undefined): string | undefined {
  if (!concept) return undefined;
  return (concept.text as string | undefined) ?? (concept.coding?.[0]?.display as string | undefined) ?? (concept.coding?.[0]?.code as string | undefined);
}

function parse(json: string): Json | undefined {
  try {
    return JSON.parse(json) as Json;
  } catch {
    return undefined;
  }
}
