import type { Persona } from '../../src/core/json';
import { createGeneratedPersonas } from './generatedPersonas';

export interface FixturePersona {
  persona: Persona;
  /** Tavus-made: listed under persona_type=system and refused by PATCH/DELETE. */
  stock?: boolean;
  /** In the unfiltered list but in neither filtered one, as observed on a real account. */
  hiddenFromFilters?: boolean;
}

export const FIXTURE_IDS = {
  onboarding: 'p3a9c1e07b2d4',
  echo: 'p0c4e2a91f',
  salesCoach: 'pdced222244b',
  legacy: 'p7e11ab09c3f2',
  maximal: 'p91f0d2c6ab47',
  /** Stored under `pal_id`; the document has no `persona_id`. */
  pal: 'pa5ad6596ef5',
  escaped: 'pe5ca9ed0a7f1',
  bigPrompt: 'pb16b0a7d2c3e',
  hidden: 'p5e0b1d2c3a49',
  noUpdatedAt: 'p40d7a7ed0a11',
} as const;

/** The stock personas of the July 2025 docs snapshot, as [name, persona id, default replica id]. */
const STOCK_TABLE: ReadonlyArray<readonly [string, string, string]> = [
  ['Sales Coach', 'pdced222244b', 'rc2146c13e81'],
  ['Corporate Trainer', 'p7fb0be3', 'ra54d1d861'],
  ['History Teacher', 'pc55154f229a', 'r6ae5b6efc9d'],
  ['College Tutor', 'p88964a7', 'rfb51183fe'],
  ['Sales Agent at Tavus', 'pb8bb46b', 'ref226fe7e'],
  ['Healthcare Intake Assistant', 'p5d11710002a', 'r4317e64d25a'],
  ['AI Interviewer', 'pe13ed370726', 'r9d30b0e55ac'],
  ['Technical Co Pilot', 'pd43ffef', 'rbb0f535dd'],
  ["Tavus' Personal AI", 'p2fbd605', 'r4c41453d2'],
  ['Tavus Researcher', 'p48fdf065d6b', 'rf4703150052'],
  ['Demo Persona', 'p9a95912', 'r79e1c033f'],
  ['Santa', 'p3bb4745d4f9', 'r3fbe3834a3e'],
];

/** How many generated user personas pad the store past 260, enough for several pages at limit=100. */
export const GENERATED_PERSONA_COUNT = 240;

/** Fresh objects on every call, so a test may mutate what it gets. */
export function createFixturePersonas(): FixturePersona[] {
  return [
    { persona: sampleOnboarding() },
    { persona: sampleEcho() },
    { persona: sampleSalesCoach(), stock: true },
    { persona: sampleLegacy() },
    { persona: sampleMaximal() },
    { persona: samplePal() },
    ...STOCK_TABLE.filter(([, id]) => id !== FIXTURE_IDS.salesCoach).map(([name, id, replica]) => ({
      persona: stockPersona(name, id, replica),
      stock: true,
    })),
    { persona: escapedKeysPersona() },
    { persona: bigPromptPersona() },
    { persona: hiddenPersona(), hiddenFromFilters: true },
    { persona: noUpdatedAtPersona() },
    ...createGeneratedPersonas(GENERATED_PERSONA_COUNT).map((persona) => ({ persona })),
  ];
}

// Samples A–F are copied from the API notes (§6) unchanged, quirks included.

function sampleOnboarding(): Persona {
  return {
    persona_id: 'p3a9c1e07b2d4',
    persona_name: 'Onboarding Guide',
    pipeline_mode: 'full',
    system_prompt: 'You walk new customers through account setup. Keep answers under three sentences.',
    context: 'Product: Acme Ledger. Plans: Free, Team, Enterprise.',
    default_replica_id: 'r90bbd427f71',
    document_ids: ['d1a2b3c4d5e6'],
    document_tags: ['onboarding'],
    objectives_id: null,
    guardrails_id: null,
    layers: {
      llm: {
        model: 'tavus-gpt-oss',
        speculative_inference: true,
        extra_body: { temperature: 0.4, top_p: 0.9 },
        tools: [],
        headers: {},
        base_url: '',
        api_key: '',
      },
      tts: {
        tts_engine: 'cartesia',
        external_voice_id: '',
        tts_model_name: 'sonic-3',
        tts_emotion_control: true,
        voice_settings: {},
        api_key: '',
      },
      perception: {
        perception_model: 'raven-1',
        visual_awareness_queries: ['Is the user sharing their screen?'],
        audio_awareness_queries: ['Does the user sound frustrated?'],
        perception_analysis_queries: [],
      },
      stt: { stt_engine: 'tavus-auto', hotwords: 'Acme Ledger' },
      conversational_flow: {
        turn_detection_model: 'sparrow-1',
        turn_taking_patience: 'medium',
        replica_interruptibility: 'medium',
      },
    },
    created_at: '2025-11-03T16:20:11Z',
    updated_at: '2025-11-04T09:02:45Z',
  };
}

function sampleEcho(): Persona {
  return {
    persona_id: 'p0c4e2a91f',
    persona_name: 'Echo Relay',
    pipeline_mode: 'echo',
    system_prompt: '',
    context: null,
    default_replica_id: null,
    layers: {},
    created_at: '2025-08-01T10:00:00Z',
    updated_at: '2025-08-01T10:00:00Z',
  };
}

function sampleSalesCoach(): Persona {
  return {
    persona_id: 'pdced222244b',
    persona_name: 'Sales Coach',
    persona_type: 'system',
    pipeline_mode: 'full',
    system_prompt: 'You coach sales reps on discovery calls.',
    context: null,
    default_replica_id: 'rc2146c13e81',
    layers: { llm: { model: 'tavus-gpt-oss' }, perception: { perception_model: 'raven-1' } },
  };
}

function sampleLegacy(): Persona {
  return {
    persona_id: 'p7e11ab09c3f2',
    persona_name: 'ID Checker',
    pipeline_mode: 'full',
    system_prompt: 'Verify identity documents.',
    default_replica_id: 'r79e1c033f',
    guardrails_id: 'g12345',
    layers: {
      perception: {
        perception_model: 'raven-0',
        ambient_awareness_queries: ['Is an ID card visible?'],
        perception_tool_prompt: 'Call notify_id_seen on a clear ID.',
        perception_tools: [
          {
            type: 'function',
            function: {
              name: 'notify_id_seen',
              description: 'ID detected',
              parameters: { type: 'object', properties: { id_type: { type: 'string' } }, required: ['id_type'] },
            },
          },
        ],
      },
      stt: {
        stt_engine: 'tavus-advanced',
        participant_pause_sensitivity: 'low',
        participant_interrupt_sensitivity: 'high',
        hotwords: 'Roey',
        smart_turn_detection: true,
      },
      tts: {
        tts_engine: 'playht',
        playht_user_id: 'u-example',
        external_voice_id: 'v-example',
        voice_settings: { speed: 'normal' },
        tts_emotion_control: 'false',
        tts_model_name: 'PlayDialog',
        api_key: 'REDACTED',
      },
      vqa: { enable_vision: 'false' },
    },
    created_at: '2025-05-20T12:00:00Z',
    updated_at: '2025-06-02T08:30:00Z',
  };
}

function sampleMaximal(): Persona {
  return {
    persona_id: 'p91f0d2c6ab47',
    persona_name: 'Clinic Intake',
    pipeline_mode: 'full',
    system_prompt: 'Collect intake data politely.',
    context: 'Clinic hours 8-18.',
    default_replica_id: 'rf4e9d9790f0',
    document_ids: ['d9f8e7'],
    document_tags: ['policies'],
    objectives_id: 'o12345',
    guardrail_ids: ['g1234567890ab'],
    guardrail_tags: ['hipaa'],
    layers: {
      llm: {
        model: 'my-llm',
        base_url: 'https://llm.example.com/v1',
        api_key: 'sk-REDACTED',
        speculative_inference: false,
        headers: { Authorization: 'Bearer REDACTED' },
        extra_body: { temperature: 0.3 },
        default_query: {},
        tools: [
          {
            type: 'function',
            function: {
              name: 'record_patient_info',
              description: 'Save intake fields',
              parameters: { type: 'object', properties: { full_name: { type: 'string' } }, required: ['full_name'] },
            },
          },
        ],
      },
      tts: {
        tts_engine: 'elevenlabs',
        api_key: 'el-REDACTED',
        external_voice_id: 'voice123',
        tts_model_name: 'eleven_multilingual_v2',
        voice_settings: { speed: 1.0, stability: 0.5, similarity_boost: 0.75, style: 0, use_speaker_boost: true },
        pronunciation_dictionary_id: 'pd_abc123def456',
      },
      perception: {
        perception_model: 'raven-1',
        visual_awareness_queries: ['Is anyone else in frame?'],
        audio_awareness_queries: ['Does the user sound distressed?'],
        perception_analysis_queries: ['Was the user alone?'],
        visual_tool_prompt: 'Call flag_bystander if another person appears.',
        visual_tools: [
          {
            type: 'function',
            function: {
              name: 'flag_bystander',
              description: 'Another person visible',
              parameters: { type: 'object', properties: {}, required: [] },
            },
          },
        ],
        audio_tools: [],
      },
      stt: { stt_engine: 'tavus-deepgram-medical', hotwords: 'metformin, lisinopril' },
      conversational_flow: {
        turn_detection_model: 'sparrow-1',
        turn_taking_patience: 'high',
        replica_interruptibility: 'low',
        turn_commitment: 'medium',
        active_listening: 'low',
      },
    },
    created_at: '2026-01-12T09:00:00Z',
    updated_at: '2026-02-01T17:45:00Z',
  };
}

function samplePal(): Persona {
  return {
    pal_id: 'pa5ad6596ef5',
    pal_name: 'Healthcare Intake Assistant',
    default_face_id: 'rf4e9d9790f0',
    pipeline_mode: 'full',
    tool_ids: [],
    layers: {
      llm: { model: 'tavus-glm-4.7', speculative_inference: true },
      tts: { tts_engine: 'cartesia', tts_model_name: 'sonic-3', tts_emotion_control: true },
      conversational_flow: {
        turn_detection_model: 'sparrow-1',
        turn_taking_patience: 'medium',
        pal_interruptibility: 'medium',
        voice_isolation: 'off',
        idle_engagement: 'off',
      },
    },
  };
}

function stockPersona(name: string, id: string, replica: string): Persona {
  return {
    persona_id: id,
    persona_name: name,
    pipeline_mode: 'full',
    system_prompt: `You are ${name}, a persona made by Tavus.`,
    context: null,
    default_replica_id: replica,
    layers: { llm: { model: 'tavus-gpt-oss' }, tts: { tts_engine: 'cartesia' }, perception: { perception_model: 'raven-1' } },
    created_at: '2025-07-01T00:00:00Z',
    updated_at: '2025-07-15T00:00:00Z',
  };
}

/** Keys that need RFC 6901 escaping (`/` → `~1`, `~` → `~0`), including one that looks already escaped. */
function escapedKeysPersona(): Persona {
  return {
    persona_id: FIXTURE_IDS.escaped,
    persona_name: 'Proxy Router',
    pipeline_mode: 'full',
    system_prompt: 'Route questions to the right team.',
    context: null,
    default_replica_id: 'rfe12d8b9597',
    layers: {
      llm: {
        model: 'router-llm',
        base_url: 'https://proxy.example.com/v1',
        api_key: '',
        headers: { 'a/b': 'slash', 'm~n': 'tilde', '~1': 'looks-escaped', 'X-Team': 'support' },
        extra_body: { 'a/b': 1, 'm~n': 2, '~1': 3, 'route/~0': { nested: true } },
      },
    },
    created_at: '2025-09-09T09:09:09Z',
    updated_at: '2025-09-10T10:10:10Z',
  };
}

function bigPromptPersona(): Persona {
  return {
    persona_id: FIXTURE_IDS.bigPrompt,
    persona_name: 'Policy Encyclopedia',
    pipeline_mode: 'full',
    system_prompt: bigSystemPrompt(200 * 1024),
    context: null,
    default_replica_id: 'r665388ec672',
    layers: { llm: { model: 'tavus-gemini-2.5-flash' } },
    created_at: '2025-10-01T08:00:00Z',
    updated_at: '2025-10-02T08:00:00Z',
  };
}

function bigSystemPrompt(minLength: number): string {
  const rules: string[] = [];
  let length = 0;
  for (let rule = 1; length < minLength; rule++) {
    const line = `Rule ${String(rule).padStart(4, '0')}: Answer policy question ${rule} by quoting section ${rule % 97} verbatim, then summarise it.`;
    rules.push(line);
    length += line.length + 1;
  }
  return rules.join('\n');
}

function hiddenPersona(): Persona {
  return {
    persona_id: FIXTURE_IDS.hidden,
    persona_name: 'Archived Kiosk Greeter',
    pipeline_mode: 'full',
    system_prompt: 'Greet visitors at the lobby kiosk.',
    context: null,
    default_replica_id: 'r6e055828f63',
    layers: { llm: { model: 'tavus-llama' } },
    created_at: '2024-12-01T12:00:00Z',
    updated_at: '2025-01-05T12:00:00Z',
  };
}

function noUpdatedAtPersona(): Persona {
  return {
    persona_id: FIXTURE_IDS.noUpdatedAt,
    persona_name: 'Legacy Import',
    pipeline_mode: 'full',
    system_prompt: 'Imported before Tavus tracked updated_at.',
    context: null,
    default_replica_id: 'r90bbd427f71',
    layers: { llm: { model: 'tavus-gpt-4o' }, tts: { tts_engine: 'cartesia' } },
    created_at: '2025-02-14T14:00:00Z',
  };
}
