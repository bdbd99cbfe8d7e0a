// A minimal external store: one immutable state object, shallow-merge updates, subscribed to through
// useSyncExternalStore. Selectors must return values already in the state (no new arrays/objects).
import { useSyncExternalStore } from 'react'

export type Store<S> = {
  get(): S
  set(update: Partial<S> | ((s: S) => Partial<S>)): void
  subscribe(listener: () => void): () => void
}

export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial
  const listeners = new Set<() => void>()
  return {
    get: () => state,
    set(update) {
      const patch = typeof update === 'function' ? update(state) : update
      if (Object.keys(patch).every((k) => Object.is(state[k as keyof S], patch[k as keyof S]))) return
      state = { ...state, ...patch }
      for (const l of listeners) l()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}

export function useStore<S extends object, T>(store: Store<S>, selector: (s: S) => T): T {
  const read = () => selector(store.get())
  // The same snapshot for a server render: the unit tests render components to markup without a window.
  return useSyncExternalStore(store.subscribe, read, read)
}
