import type { JsonObject } from '../../src/core/json';
import { type FixturePersona, createFixturePersonas } from './fixtures';

/** What the sandbox account holds besides personas: the lists persona fields point into. */
export interface ReferenceFixtures {
  replicas: JsonObject[];
  documents: JsonObject[];
  objectives: JsonObject[];
  guardrailSets: JsonObject[];
  guardrails: JsonObject[];
  tools: JsonObject[];
}

/** The stock replica of the 2026 docs; the onboarding sample uses it. */
const ANNA = 'r90bbd427f71';
/** The archived kiosk persona's replica was deleted, so its id is in no list (the editor warns about it). */
const DELETED_REPLICA = 'r6e055828f63';
const CREATED_AT = '2025-06-01T12:00:00Z';
const FIRST_NAMES = ['Anna', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Luca'];
const DOCUMENT_TAGS = ['pricing', 'faq', 'onboarding', 'legal'];
const DOCUMENT_STATUSES = ['ready', 'ready', 'processing', 'ready', 'error'];

/** Fresh objects on every call. Every fixture persona's replica exists, except the deleted one. */
export function createReferenceFixtures(personas: readonly FixturePersona[] = createFixturePersonas()): ReferenceFixtures {
  return {
    replicas: [...replicasOf(personas), ...replicasInTraining()],
    documents: documents(),
    objectives: [
      objective('o12345', 'intake_flow', 'Collect name, date of birth and reason for the visit.'),
      objective('o2b7c9', 'qualify_lead', 'Find out budget, authority, need and timing.'),
      objective('o77aa01', 'collect_feedback', 'Ask how the onboarding went and what was missing.'),
    ],
    guardrailSets: ['g12345', 'g55aa1', 'g9c0de'].map((id) => ({
      guardrails_id: id,
      created_at: CREATED_AT,
      updated_at: CREATED_AT,
    })),
    guardrails: [
      guardrail('g1234567890ab', 'no_medical_advice', ['hipaa', 'clinic']),
      guardrail('g0a1b2c3d4e5f', 'no_pricing_promises', ['sales']),
      guardrail('g5f4e3d2c1b0a', 'stay_on_topic', ['general', 'support']),
    ],
    tools: [
      tool('tabc123def456', 'lookup_order', 'llm', false),
      tool('t0f1e2d3c4b5a', 'flag_bystander', 'vision', false),
      tool('t9e8d7c6b5a40', 'detect_frustration', 'audio', false),
      tool('end_call', 'end_call', 'llm', true),
    ],
  };
}

function replicasOf(personas: readonly FixturePersona[]): JsonObject[] {
  const stock = new Set<string>([ANNA]);
  // A Set, not an array's includes(): a 10,000-persona account (npm run bench) took seconds to start.
  const ids = new Set<string>([ANNA]);
  for (const { persona, stock: isStock } of personas) {
    const id = persona.default_replica_id ?? persona.default_face_id;
    if (typeof id !== 'string' || id === DELETED_REPLICA) continue;
    ids.add(id);
    if (isStock) stock.add(id);
  }
  return [...ids].map((id, index) =>
    replica(id, index === 0 ? 'Anna' : `${FIRST_NAMES[index % FIRST_NAMES.length]} ${index}`, stock.has(id), 'completed'),
  );
}

function replicasInTraining(): JsonObject[] {
  return [
    { ...replica('r7a1n1n9c0de', 'Training Tess', false, 'started'), training_progress: '40/100' },
    { ...replica('r0b0e44e0f1a', 'Broken Upload', false, 'error'), training_progress: '0/100', error_message: 'video_fps' },
  ];
}

function replica(id: string, name: string, system: boolean, status: string): JsonObject {
  return {
    replica_id: id,
    replica_name: name,
    thumbnail_video_url: `https://cdn.example.invalid/replicas/${id}.mp4`,
    training_progress: '100/100',
    status,
    created_at: CREATED_AT,
    replica_type: system ? 'system' : 'user',
    model_name: 'phoenix-4',
  };
}

/** 25 documents: with the default limit of 10 that is three pages, numbered 0, 1 and 2. */
function documents(): JsonObject[] {
  const named = [
    document('d1a2b3c4d5e6', 'Acme Ledger onboarding guide', 'ready', ['onboarding']),
    document('d9f8e7', 'Clinic policies', 'ready', ['policies', 'hipaa']),
  ];
  const more = Array.from({ length: 23 }, (_, index) =>
    document(
      `d${(0xa00000 + index * 0x1f3).toString(16)}`,
      `Help article ${String(index + 1).padStart(2, '0')}`,
      DOCUMENT_STATUSES[index % DOCUMENT_STATUSES.length]!,
      [DOCUMENT_TAGS[index % DOCUMENT_TAGS.length]!],
    ),
  );
  return [...named, ...more];
}

function document(id: string, name: string, status: string, tags: string[]): JsonObject {
  return {
    document_id: id,
    document_name: name,
    document_url: `https://docs.example.invalid/${id}`,
    status,
    tags,
    created_at: CREATED_AT,
    updated_at: CREATED_AT,
  };
}

function objective(id: string, name: string, prompt: string): JsonObject {
  return {
    objectives_id: id,
    objective_name: name,
    objective_prompt: prompt,
    confirmation_mode: 'auto',
    modality: 'verbal',
    output_variables: [],
    created_at: CREATED_AT,
    updated_at: CREATED_AT,
  };
}

function guardrail(id: string, name: string, tags: string[]): JsonObject {
  return {
    guardrail_id: id,
    guardrail_name: name,
    guardrail_prompt: `Never break the ${name} rule.`,
    modality: 'verbal',
    tags,
    app_message: true,
    created_at: CREATED_AT,
    updated_at: CREATED_AT,
  };
}

function tool(id: string, name: string, origin: string, system: boolean): JsonObject {
  return {
    tool_id: id,
    name,
    description: `The ${name} tool.`,
    origin,
    trigger_type: 'in_call',
    is_system_tool: system,
    created_at: CREATED_AT,
  };
}
