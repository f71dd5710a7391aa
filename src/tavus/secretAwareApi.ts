import type { Persona } from '../core/json';
import type { TavusApi } from './api';

/**
 * Wraps the client so that every persona that comes back from Tavus is shown to `notice` first:
 * the log learns its provider keys before any line could mention them.
 */
export function noticingPersonas(api: TavusApi, notice: (persona: Persona) => void): TavusApi {
  return {
    listPersonas: async (options) => {
      const listing = await api.listPersonas(options);
      listing.personas.forEach(notice);
      return listing;
    },
    getPersona: async (id, signal) => {
      const persona = await api.getPersona(id, signal);
      notice(persona);
      return persona;
    },
    patchPersona: (id, ops, signal) => api.patchPersona(id, ops, signal),
    createPersona: (persona, signal) => api.createPersona(persona, signal),
    deletePersona: (id, signal) => api.deletePersona(id, signal),
    listReferenceItems: (kind, options) => api.listReferenceItems(kind, options),
  };
}
