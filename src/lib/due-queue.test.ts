import { describe, expect, it } from 'vitest';
import { DueQueue } from './due-queue.js';

describe('DueQueue', () => {
  it('pops keys in due order through random sets, moves and deletes', () => {
    const q = new DueQueue<number>();
    const model = new Map<number, number>();
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5_000; i++) {
      const key = Math.floor(rand() * 500);
      if (rand() < 0.2) {
        expect(q.delete(key)).toBe(model.delete(key));
      } else {
        const due = Math.floor(rand() * 10_000);
        q.set(key, due);
        model.set(key, due);
      }
    }
    expect(q.size).toBe(model.size);
    const popped: number[] = [];
    for (let item = q.popDue(Infinity); item; item = q.popDue(Infinity)) {
      expect(model.get(item.key)).toBe(item.due);
      popped.push(item.due);
    }
    expect(popped).toEqual([...model.values()].sort((a, b) => a - b));
  });

  it('pops only what is due', () => {
    const q = new DueQueue<string>();
    q.set('a', 10);
    q.set('b', 20);
    expect(q.popDue(15)).toEqual({ key: 'a', due: 10 });
    expect(q.popDue(15)).toBeUndefined();
    expect(q.peekDue()).toBe(20);
  });
});
