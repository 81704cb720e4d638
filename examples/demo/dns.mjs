// The demo DNS server (UDP): the example's internal names. A known name asked for another
// type gets an empty NOERROR answer (as real servers do); an unknown name gets NXDOMAIN.
import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';

export const RECORDS = {
  'api.demo.internal': '10.0.0.5',
  'db.demo.internal': '10.0.0.6',
};

const NXDOMAIN = 3;

export function createDnsServer() {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, peer) => {
    let query;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // not DNS: ignore
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    const address = RECORDS[name];
    const answers =
      address && question.type === 'A'
        ? [{ type: 'A', name: question.name, ttl: 60, class: 'IN', data: address }]
        : [];
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags:
        dnsPacket.AUTHORITATIVE_ANSWER |
        (query.flags & dnsPacket.RECURSION_DESIRED) |
        (address ? 0 : NXDOMAIN),
      questions: [question],
      answers,
    });
    socket.send(response, peer.port, peer.address);
  });
  return socket;
}
