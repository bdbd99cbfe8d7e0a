import { describe, expect, it } from 'vitest'
import { chosenKey, keyProblem, pickOptions } from '../../../renderer/src/canvas/fieldPick'

const keys = ['issue_date', 'authority', 'mrz_line2', 'back_address']

describe('pickOptions', () => {
  it('lists every key by its label, then "Other key"', () => {
    const list = pickOptions(keys, '')
    expect(list.map((o) => (o.kind === 'field' ? o.key : 'other'))).toEqual([...keys, 'other'])
    expect(list[3]).toMatchObject({ kind: 'field', key: 'back_address', label: 'Address' })
  })
  it('filters by label or key, those starting with the text first', () => {
    expect(pickOptions(keys, 'auth').map((o) => (o.kind === 'field' ? o.key : o.text))).toEqual([
      'authority',
      'auth',
    ])
    // "mrz line" matches the key mrz_line2 and its label "MRZ line 2".
    expect(pickOptions(keys, 'MRZ LINE')[0]).toMatchObject({ key: 'mrz_line2' })
    // Inside a word ranks after a prefix.
    const ranked = pickOptions(['date_of_birth', 'birth'], 'birth').map((o) =>
      o.kind === 'field' ? o.key : '',
    )
    expect(ranked.slice(0, 2)).toEqual(['birth', 'date_of_birth'])
    expect(pickOptions(keys, 'zzz')).toEqual([{ kind: 'other', text: 'zzz' }])
  })
})

describe('chosenKey', () => {
  it('adds the expected key picked, or a typed key that is valid and new', () => {
    expect(chosenKey({ kind: 'field', key: 'authority', label: 'Authority' }, [])).toEqual({
      key: 'authority',
    })
    expect(chosenKey({ kind: 'other', text: 'signature' }, ['name'])).toEqual({ key: 'signature' })
  })
  it('says why a typed key cannot be used', () => {
    expect(chosenKey({ kind: 'other', text: '' }, [])).toEqual({ problem: keyProblem('', []) })
    expect(chosenKey({ kind: 'other', text: '2bad key' }, [])).toMatchObject({ problem: /Letters, digits/ })
    expect(chosenKey({ kind: 'other', text: 'name' }, ['name'])).toMatchObject({ problem: /already/ })
    expect(chosenKey(undefined, [])).toMatchObject({ problem: /Choose/ })
  })
})
