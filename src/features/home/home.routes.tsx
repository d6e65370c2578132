import type { FastifyInstance } from 'fastify';
import { HomePage } from './views/home.tsx';

export function registerHome(app: FastifyInstance) {
  app.get('/', async (_request, reply) => reply.html(HomePage({})));
}
