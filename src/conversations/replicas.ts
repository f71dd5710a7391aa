import type { TavusApi } from '../tavus/api';
import type { ReplicaChoice } from './prompts';

/** The account's replicas that can join a conversation (done training), stock ones last. */
export async function usableReplicas(api: TavusApi, signal?: AbortSignal): Promise<ReplicaChoice[]> {
  const listing = await api.listReferenceItems('replicas', { signal });
  return listing.items
    .filter((item) => item.usable)
    .sort((a, b) => Number(a.system) - Number(b.system))
    .map((item) => ({ id: item.id, name: item.name, detail: item.system ? 'Stock replica' : 'Your replica' }));
}
