import { PushQueue } from './push-queue';

describe('PushQueue', () => {
  it('hands out pushed values in order, to a waiting reader too', async () => {
    const q = new PushQueue<number>(10, () => undefined);
    q.push(1);
    expect(await q.next()).toEqual({ value: 1, done: false });
    const waiting = q.next();
    q.push(2);
    expect(await waiting).toEqual({ value: 2, done: false });
  });

  it('ends once, on return, calling onEnd', async () => {
    const onEnd = jest.fn();
    const q = new PushQueue<number>(10, onEnd);
    const waiting = q.next();
    await q.return();
    await q.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    q.push(3);
    expect(await q.next()).toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('fails a subscriber that does not keep up, instead of buffering without bound', async () => {
    const onEnd = jest.fn();
    const q = new PushQueue<number>(2, onEnd);
    q.push(1);
    q.push(2);
    q.push(3);
    await expect(q.next()).rejects.toThrow('more than 2 objects waiting');
    expect(await q.next()).toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('rejects a waiting reader with the failure', async () => {
    const q = new PushQueue<number>(2, () => undefined);
    const waiting = q.next();
    q.fail(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
  });
});
