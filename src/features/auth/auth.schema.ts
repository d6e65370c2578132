import { z } from 'zod';

/** Only local back-office paths are accepted as a return address after sign-in (no open redirect). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string') return '/bo';
  if (!/^\/bo(\/|$|\?)/.test(next) || next.startsWith('//') || next.includes('\\')) return '/bo';
  return next;
}

export const signInSchema = z.object({
  email: z
    .string({ error: 'Saisissez votre adresse e-mail.' })
    .trim()
    .min(1, 'Saisissez votre adresse e-mail.')
    .max(255, 'Cette adresse e-mail est trop longue.')
    .email('Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.'),
  password: z
    .string({ error: 'Saisissez votre mot de passe.' })
    .min(1, 'Saisissez votre mot de passe.')
    .max(1024, 'Ce mot de passe est trop long.'),
  next: z.string().optional(),
});
