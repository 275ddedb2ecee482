import { readBounded } from './smtp-listener';

async function* chunks(count: number, size: number, consumed: { count: number }) {
  for (let i = 0; i < count; i += 1) {
    consumed.count += 1;
    yield Buffer.alloc(size, 120);
  }
}

describe(readBounded.name, () => {
  it('returns the whole message when it fits', async () => {
    const consumed = { count: 0 };
    expect((await readBounded(chunks(4, 256, consumed), 1024))?.length).toBe(1024);
  });

  it('gives up on a message past the limit but still reads it to its end, so the client hears 552 after its final dot', async () => {
    const consumed = { count: 0 };
    expect(await readBounded(chunks(100, 256, consumed), 1024)).toBeUndefined();
    expect(consumed.count).toBe(100);
  });

  it('refuses a message the SMTP layer already found too large (SIZE announced)', async () => {
    const stream = Object.assign(chunks(1, 10, { count: 0 }), { sizeExceeded: true });
    expect(await readBounded(stream, 1024)).toBeUndefined();
  });
});
