/**
 * A real UDP DNS server on 127.0.0.1 for probe tests, built with dns-packet. It answers from
 * the records it is given (following CNAMEs), with NXDOMAIN for names it does not know, with a
 * configured rcode per name, or not at all (`silent`).
 */
import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';

export type DnsRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'NOTIMP' | 'FORMERR';

const RCODE_NUMBERS: Record<DnsRcode, number> = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
};

export interface DnsServerOptions {
  /** Records served (names without the trailing dot, any case). */
  records?: dnsPacket.Answer[];
  /** Rcode forced for a name (lower case), whatever the records say. */
  rcodes?: Record<string, DnsRcode>;
  /** Never answer: the resolver times out. */
  silent?: boolean;
}

export class DnsServer {
  /** Questions received, as `TYPE name`. */
  readonly queries: string[] = [];

  private constructor(
    private readonly socket: dgram.Socket,
    readonly options: DnsServerOptions,
  ) {}

  static async start(options: DnsServerOptions = {}): Promise<DnsServer> {
    const socket = dgram.createSocket('udp4');
    const server = new DnsServer(socket, options);
    socket.on('message', (message, peer) => server.answer(message, peer));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return server;
  }

  /** `127.0.0.1:PORT`, the form a dns check's `resolver` takes. */
  get address(): string {
    return `127.0.0.1:${this.socket.address().port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private answer(message: Buffer, peer: dgram.RemoteInfo): void {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    this.queries.push(`${question.type} ${question.name}`);
    if (this.options.silent) return;
    const { answers, rcode } = this.lookup(question.name, question.type);
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags:
        dnsPacket.AUTHORITATIVE_ANSWER |
        dnsPacket.RECURSION_DESIRED |
        dnsPacket.RECURSION_AVAILABLE |
        RCODE_NUMBERS[rcode],
      questions: [question],
      answers,
    });
    this.socket.send(response, peer.port, peer.address);
  }

  private lookup(name: string, type: string): { answers: dnsPacket.Answer[]; rcode: DnsRcode } {
    const key = name.toLowerCase().replace(/\.$/, '');
    const forced = this.options.rcodes?.[key];
    if (forced) return { answers: [], rcode: forced };
    const records = this.options.records ?? [];
    const named = records.filter((r) => r.name.toLowerCase().replace(/\.$/, '') === key);
    if (named.length === 0) return { answers: [], rcode: 'NXDOMAIN' };
    const exact = named.filter((r) => r.type === type);
    if (exact.length > 0 || type === 'CNAME') return { answers: exact, rcode: 'NOERROR' };
    const cname = named.find((r) => r.type === 'CNAME');
    if (!cname || !('data' in cname) || typeof cname.data !== 'string')
      return { answers: [], rcode: 'NOERROR' };
    const next = this.lookup(cname.data, type);
    return { answers: [cname, ...next.answers], rcode: next.rcode };
  }
}
