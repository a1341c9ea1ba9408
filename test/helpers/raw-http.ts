/** Raw HTTP for tests of what happens below Express (a request the HTTP parser refuses). */
import net from 'node:net';

/** Sends `text` as it is to 127.0.0.1:`port` and gives back all the server answered before it closed. */
export function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (b: Buffer) => {
      answer += b.toString();
    });
    // The server may close before all of a long request is written: what it answered counts.
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.write(text);
  });
}
