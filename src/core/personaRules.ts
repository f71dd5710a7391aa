import { jsonEqual } from './diff';
import { defineMember, memberAt, type JsonValue, type Persona } from './json';
import { parsePointer, type JsonType } from './pointer';
import type { ReferenceKind } from './references';

/**
 * Fields Tavus sets itself. `pal_id` is the PAL-era name of `persona_id`; `persona_type` says
 * whether Tavus made the persona.
 */
export const SERVER_OWNED_FIELDS: readonly string[] = ['persona_id', 'pal_id', 'created_at', 'updated_at', 'persona_type'];

/** The id under whichever name the server used; PAL-era responses say `pal_id`. */
export function personaId(persona: Persona): string | undefined {
  for (const candidate of [persona.persona_id, persona.pal_id]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  return undefined;
}

/** A display name: persona_name, else the PAL-era pal_name, else the id. */
export function personaLabel(persona: Persona): string {
  for (const candidate of [persona.persona_name, persona.pal_name, personaId(persona)]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim();
  }
  return '(unnamed persona)';
}

/** Pointers of server-owned fields that the edited copy added, removed or changed. */
export function findServerOwnedChanges(base: Persona, edited: Persona): string[] {
  return SERVER_OWNED_FIELDS.filter((field) => !sameMember(base, edited, field)).map((field) => `/${field}`);
}

/** The edited persona with each of `fields` as the base has it (present or absent). */
export function withServerOwnedFieldsRestored(
  base: Persona,
  edited: Persona,
  fields: readonly string[] = SERVER_OWNED_FIELDS,
): Persona {
  const restored: Persona = {};
  for (const [key, value] of Object.entries(edited)) {
    if (!fields.includes(key)) defineMember(restored, key, value);
  }
  for (const field of fields) {
    if (Object.hasOwn(base, field)) defineMember(restored, field, memberAt(base, field));
  }
  return restored;
}

function sameMember(a: Persona, b: Persona, key: string): boolean {
  const inA = Object.hasOwn(a, key);
  if (inA !== Object.hasOwn(b, key)) return false;
  return !inA || jsonEqual(memberAt(a, key), memberAt(b, key));
}

export interface FieldReference {
  readonly pointer: string;
  /** The member name: the last segment of `pointer`. */
  readonly key: string;
  /** Accepted JSON types, the documented one first. */
  readonly types: readonly JsonType[];
  /** Known values, newest first; custom values may still be valid. */
  readonly enum?: readonly string[];
  readonly description: string;
  readonly readOnly?: boolean;
  readonly secret?: boolean;
  readonly deprecated?: boolean;
  /** What to do instead, for deprecated fields. */
  readonly deprecation?: string;
  /** The current name of a field Tavus renamed (same parent object); the old name is still accepted. */
  readonly renamedTo?: string;
  /** Whether a value outside `enum` is an error; open enums (model names) only warn. */
  readonly closedEnum?: boolean;
  /** For open enums: only values with this prefix claim to be known ones (`tavus-…` models); others are custom. */
  readonly knownPrefix?: string;
  /** Values Tavus no longer offers, with what happened to them. */
  readonly retiredValues?: Readonly<Record<string, string>>;
  /** The documented default, put into layer snippets. */
  readonly default?: JsonValue;
  /** Type of the array items, for lists of ids or tags. */
  readonly itemType?: JsonType;
  /** The account list whose ids (or tags) this field holds. */
  readonly reference?: ReferenceKind | ReferenceTagSource;
  readonly maxItems?: number;
}

/** Tags have no list of their own: they are the union of the tags on documents or guardrails. */
export type ReferenceTagSource = 'documentTags' | 'guardrailTags';

type FieldSpec = Omit<FieldReference, 'key'>;

const TOP_LEVEL: readonly FieldSpec[] = [
  { pointer: '/persona_id', types: ['string'], readOnly: true, description: 'Persona id, set by the server (`p` + hex).' },
  { pointer: '/pal_id', types: ['string'], readOnly: true, description: 'PAL-era name of the persona id, set by the server.' },
  { pointer: '/persona_name', types: ['string'], description: 'Display name.' },
  { pointer: '/pal_name', types: ['string'], description: 'PAL-era name of `persona_name`.' },
  {
    pointer: '/system_prompt',
    types: ['string'],
    description: 'Instructions for the LLM. Required in `full` mode; quality degrades above about 5k tokens.',
  },
  {
    pointer: '/context',
    types: ['string', 'null'],
    deprecated: true,
    deprecation: 'Deprecated on 12 Feb 2026: Tavus merged it into `system_prompt`; put the text there.',
    description: 'Background knowledge for the conversation; `null` when unset.',
  },
  {
    pointer: '/default_replica_id',
    types: ['string', 'null'],
    reference: 'replicas',
    description: 'Replica used when a conversation names none (`r` + hex).',
  },
  {
    pointer: '/default_face_id',
    types: ['string'],
    reference: 'replicas',
    description: 'PAL-era name of `default_replica_id`.',
  },
  {
    pointer: '/pipeline_mode',
    types: ['string', 'null'],
    enum: ['full', 'echo'],
    closedEnum: true,
    default: 'full',
    description: 'Pipeline mode: `full` runs Tavus’s LLM, TTS and STT; `echo` speaks what you send.',
  },
  {
    pointer: '/document_ids',
    types: ['array'],
    itemType: 'string',
    reference: 'documents',
    description: 'Knowledge-base document ids (`d…`); documents belong to the API key that uploaded them.',
  },
  {
    pointer: '/document_tags',
    types: ['array'],
    itemType: 'string',
    reference: 'documentTags',
    description: 'Knowledge-base document tags: every document carrying one is used.',
  },
  {
    pointer: '/objectives_id',
    types: ['string', 'null'],
    reference: 'objectives',
    description: 'Objectives id (`o…`).',
  },
  {
    pointer: '/guardrails_id',
    types: ['string', 'null'],
    reference: 'guardrailSets',
    deprecated: true,
    deprecation: 'Legacy guardrail set; since 22 May 2026 Tavus recommends `guardrail_ids`.',
    description: 'Legacy guardrail set id (`g…`).',
  },
  {
    pointer: '/guardrail_ids',
    types: ['array'],
    itemType: 'string',
    reference: 'guardrails',
    maxItems: 50,
    description: 'Individual guardrail ids, at most 50.',
  },
  {
    pointer: '/guardrail_tags',
    types: ['array'],
    itemType: 'string',
    reference: 'guardrailTags',
    maxItems: 50,
    description: 'Guardrail tags: every guardrail carrying one is used (at most 50).',
  },
  { pointer: '/greeting', types: ['string'], description: 'Greeting spoken at the start of a conversation.' },
  {
    pointer: '/tool_ids',
    types: ['array'],
    itemType: 'string',
    reference: 'tools',
    description: 'Tools from the `/v2/tools` registry (PAL era).',
  },
  { pointer: '/layers', types: ['object'], description: 'Pipeline layer settings; a missing layer uses defaults.' },
  { pointer: '/created_at', types: ['string'], readOnly: true, description: 'Creation time, set by the server.' },
  { pointer: '/updated_at', types: ['string'], readOnly: true, description: 'Last update time, set by the server.' },
  {
    pointer: '/persona_type',
    types: ['string'],
    enum: ['user', 'system'],
    closedEnum: true,
    readOnly: true,
    description: '`system` personas are made by Tavus.',
  },
];

const LAYERS: readonly FieldSpec[] = [
  { pointer: '/layers/llm', types: ['object'], description: 'Language model settings.' },
  { pointer: '/layers/tts', types: ['object'], description: 'Text-to-speech settings.' },
  { pointer: '/layers/perception', types: ['object'], description: 'Visual and audio perception (Raven).' },
  { pointer: '/layers/stt', types: ['object'], description: 'Speech-to-text settings.' },
  { pointer: '/layers/conversational_flow', types: ['object'], description: 'Turn-taking (Sparrow); off when absent.' },
  {
    pointer: '/layers/vqa',
    types: ['object'],
    deprecated: true,
    deprecation: 'Legacy; perception (Raven) replaced it.',
    description: 'Legacy visual question answering.',
  },
  { pointer: '/layers/transport', types: ['object'], description: 'Transport for echo mode (`transport_type: "daily"`).' },
  { pointer: '/layers/conferencing', types: ['object'], description: 'Google Meet settings; needs `default_face_id`.' },
];

/** Hosted models as of the June 2026 docs, the recommended one first; the PAL-era default last. */
const LLM_MODELS = [
  'tavus-gpt-oss',
  'tavus-gemini-2.5-flash',
  'tavus-claude-haiku-4.5',
  'tavus-gpt-5.2',
  'tavus-gemini-3-flash',
  'tavus-glm-4.7',
];

const LLM: readonly FieldSpec[] = [
  {
    pointer: '/layers/llm/model',
    types: ['string'],
    enum: LLM_MODELS,
    knownPrefix: 'tavus-',
    default: 'tavus-gpt-oss',
    retiredValues: {
      'tavus-gpt-4.1': 'deprecated on 17 Feb 2026',
      'tavus-gpt-4o': 'deprecated on 17 Feb 2026',
      'tavus-gpt-4o-mini': 'deprecated on 17 Feb 2026',
      'tavus-llama-4': 'migrated away on 18 Dec 2025',
      'tavus-llama': 'removed on 18 Dec 2025',
    },
    description: 'Hosted model name (`tavus-…`), or any other name for a custom LLM (then set `base_url` and `api_key`).',
  },
  {
    pointer: '/layers/llm/base_url',
    types: ['string'],
    description: 'Custom LLM only: base URL without the `/chat/completions` route.',
  },
  { pointer: '/layers/llm/api_key', types: ['string'], secret: true, description: 'Custom LLM only: API key.' },
  {
    pointer: '/layers/llm/tools',
    types: ['array'],
    deprecated: true,
    deprecation: 'Inline tools are superseded by the tools registry (`tool_ids`) in the PAL era.',
    description: 'Inline function tools; superseded by the tools registry.',
  },
  {
    pointer: '/layers/llm/speculative_inference',
    types: ['boolean'],
    default: true,
    description: 'Start inference before the user finishes (default true).',
  },
  {
    pointer: '/layers/llm/headers',
    types: ['object'],
    secret: true,
    description: 'Extra HTTP headers for a custom LLM, e.g. `Authorization`.',
  },
  {
    pointer: '/layers/llm/extra_body',
    types: ['object'],
    description: 'Extra request fields, e.g. `temperature` (0–2), `top_p` (0–1).',
  },
  {
    pointer: '/layers/llm/default_query',
    types: ['object'],
    secret: true,
    description: 'Query parameters added to custom LLM requests.',
  },
];

const TTS: readonly FieldSpec[] = [
  {
    pointer: '/layers/tts/tts_engine',
    types: ['string'],
    enum: ['cartesia', 'elevenlabs', 'azure'],
    closedEnum: true,
    default: 'cartesia',
    retiredValues: { playht: 'removed on 8 Jan 2026' },
    description: 'Voice engine (Azure since 3 Jun 2026).',
  },
  { pointer: '/layers/tts/api_key', types: ['string'], secret: true, description: 'Engine API key, only for private voices.' },
  {
    pointer: '/layers/tts/external_voice_id',
    types: ['string'],
    description: 'Voice id at the engine (Azure e.g. `en-US-JennyNeural`).',
  },
  {
    pointer: '/layers/tts/voice_settings',
    types: ['object'],
    description: 'Engine voice settings: `speed`, `emotion`, `stability`, `similarity_boost`, `style`, `use_speaker_boost`.',
  },
  {
    pointer: '/layers/tts/tts_emotion_control',
    types: ['boolean', 'string', 'null'],
    default: true,
    description: 'Emotion control (default true); examples send `"true"`/`"false"`.',
  },
  {
    pointer: '/layers/tts/tts_model_name',
    types: ['string'],
    enum: ['sonic-3', 'sonic-2', 'eleven_turbo_v2_5', 'eleven_flash_v2_5', 'eleven_multilingual_v2'],
    default: 'sonic-3',
    retiredValues: { sonic: 'an older Cartesia model', PlayDialog: 'PlayHT was removed on 8 Jan 2026' },
    description: 'Engine model; leave it out with Azure.',
  },
  {
    pointer: '/layers/tts/pronunciation_dictionary_id',
    types: ['string'],
    description: 'Pronunciation dictionary (`pd_…`), or `""` for none.',
  },
  {
    pointer: '/layers/tts/playht_user_id',
    types: ['string'],
    deprecated: true,
    deprecation: 'PlayHT was removed on 8 Jan 2026.',
    description: 'PlayHT user id.',
  },
];

const PERCEPTION: readonly FieldSpec[] = [
  {
    pointer: '/layers/perception/perception_model',
    types: ['string'],
    enum: ['raven-1', 'raven-0', 'off'],
    closedEnum: true,
    default: 'raven-1',
    retiredValues: { basic: 'an older model; use raven-1' },
    description: 'Perception model (`raven-0` is legacy).',
  },
  {
    pointer: '/layers/perception/visual_awareness_queries',
    types: ['array'],
    itemType: 'string',
    description: 'Questions about what the camera sees (raven-1).',
  },
  {
    pointer: '/layers/perception/audio_awareness_queries',
    types: ['array'],
    itemType: 'string',
    description: 'Questions about how the user sounds (raven-1).',
  },
  {
    pointer: '/layers/perception/perception_analysis_queries',
    types: ['array'],
    itemType: 'string',
    description: 'Questions answered at the end of the call.',
  },
  {
    pointer: '/layers/perception/visual_tool_prompt',
    types: ['string'],
    description: 'When to call the visual tools (raven-1).',
  },
  {
    pointer: '/layers/perception/visual_tools',
    types: ['array'],
    description: 'Function tools triggered by what the camera sees.',
  },
  { pointer: '/layers/perception/audio_tool_prompt', types: ['string'], description: 'When to call the audio tools.' },
  {
    pointer: '/layers/perception/audio_tools',
    types: ['array'],
    description: 'Function tools triggered by how the user sounds.',
  },
  {
    pointer: '/layers/perception/ambient_awareness_queries',
    types: ['array'],
    deprecated: true,
    renamedTo: 'visual_awareness_queries',
    description: 'raven-0 name of `visual_awareness_queries`.',
  },
  {
    pointer: '/layers/perception/perception_tool_prompt',
    types: ['string'],
    deprecated: true,
    renamedTo: 'visual_tool_prompt',
    description: 'raven-0 name of `visual_tool_prompt`.',
  },
  {
    pointer: '/layers/perception/perception_tools',
    types: ['array'],
    deprecated: true,
    renamedTo: 'visual_tools',
    description: 'raven-0 name of `visual_tools`.',
  },
];

const SENSITIVITY = ['low', 'medium', 'high', 'verylow', 'superlow'];
const USE_CONVERSATIONAL_FLOW = 'Legacy; `layers.conversational_flow` replaced it.';

const STT: readonly FieldSpec[] = [
  {
    pointer: '/layers/stt/stt_engine',
    types: ['string'],
    enum: ['tavus-auto', 'tavus-parakeet', 'tavus-soniox', 'tavus-whisper', 'tavus-deepgram-medical', 'tavus-advanced'],
    closedEnum: true,
    default: 'tavus-auto',
    retiredValues: { 'tavus-turbo': 'an older engine; use tavus-auto' },
    description: 'Speech recognition engine; `tavus-auto` is recommended, `tavus-advanced` is deprecated.',
  },
  { pointer: '/layers/stt/hotwords', types: ['string'], description: 'Words to favour in recognition, as one string.' },
  {
    pointer: '/layers/stt/participant_pause_sensitivity',
    types: ['string'],
    enum: SENSITIVITY,
    deprecated: true,
    deprecation: USE_CONVERSATIONAL_FLOW,
    description: 'Legacy; use conversational_flow.',
  },
  {
    pointer: '/layers/stt/participant_interrupt_sensitivity',
    types: ['string'],
    enum: SENSITIVITY,
    deprecated: true,
    deprecation: USE_CONVERSATIONAL_FLOW,
    description: 'Legacy; use conversational_flow.',
  },
  {
    pointer: '/layers/stt/smart_turn_detection',
    types: ['boolean'],
    deprecated: true,
    deprecation: USE_CONVERSATIONAL_FLOW,
    description: 'Legacy (Sparrow-0); use conversational_flow.',
  },
];

const LOW_MEDIUM_HIGH = ['low', 'medium', 'high'];

const CONVERSATIONAL_FLOW: readonly FieldSpec[] = [
  {
    pointer: '/layers/conversational_flow/turn_detection_model',
    types: ['string'],
    enum: ['sparrow-1', 'sparrow-0', 'time-based', 'timebased'],
    default: 'sparrow-1',
    description: 'Turn detection model.',
  },
  {
    pointer: '/layers/conversational_flow/turn_taking_patience',
    types: ['string'],
    enum: LOW_MEDIUM_HIGH,
    closedEnum: true,
    default: 'medium',
    description: 'How long to wait before taking the turn.',
  },
  {
    pointer: '/layers/conversational_flow/replica_interruptibility',
    types: ['string'],
    enum: LOW_MEDIUM_HIGH,
    closedEnum: true,
    default: 'medium',
    description: 'How easily the user can interrupt.',
  },
  {
    pointer: '/layers/conversational_flow/pal_interruptibility',
    types: ['string'],
    enum: LOW_MEDIUM_HIGH,
    closedEnum: true,
    description: 'PAL-era name of `replica_interruptibility`.',
  },
  {
    pointer: '/layers/conversational_flow/turn_commitment',
    types: ['string'],
    enum: LOW_MEDIUM_HIGH,
    description: 'Commitment to a started turn.',
  },
  {
    pointer: '/layers/conversational_flow/active_listening',
    types: ['string'],
    enum: LOW_MEDIUM_HIGH,
    description: 'Backchannel while listening.',
  },
  {
    pointer: '/layers/conversational_flow/voice_isolation',
    types: ['string'],
    enum: ['near', 'off'],
    closedEnum: true,
    description: 'Voice isolation (since 7 Apr 2026).',
  },
  {
    pointer: '/layers/conversational_flow/idle_engagement',
    types: ['string'],
    enum: ['off', 'patient', 'eager'],
    closedEnum: true,
    description: 'Behaviour when the user is idle (since 30 Apr 2026).',
  },
  {
    pointer: '/layers/conversational_flow/wake_phrase',
    types: ['string', 'null'],
    description: 'Phrase that wakes the replica (since 1 May 2026); avoid generic phrases.',
  },
];

function withKey(spec: FieldSpec): FieldReference {
  const key = parsePointer(spec.pointer).at(-1);
  if (key === undefined) throw new Error(`Field spec "${spec.pointer}" names the whole persona, not a field`);
  return { ...spec, key };
}

/** Known persona fields from the API notes (§2), for completion, hover and validation hints. */
export const PERSONA_FIELD_REFERENCE: readonly FieldReference[] = [
  ...TOP_LEVEL,
  ...LAYERS,
  ...LLM,
  ...TTS,
  ...PERCEPTION,
  ...STT,
  ...CONVERSATIONAL_FLOW,
].map(withKey);

function parentPointerOf(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

/** Known fields that are direct members of the object at `pointer` (`''` for the top level). */
export function knownFieldsUnder(pointer: string): readonly FieldReference[] {
  return PERSONA_FIELD_REFERENCE.filter((field) => parentPointerOf(field.pointer) === pointer);
}

/** The reference entry for exactly this pointer, if it is a known field. */
export function knownField(pointer: string): FieldReference | undefined {
  return PERSONA_FIELD_REFERENCE.find((field) => field.pointer === pointer);
}
