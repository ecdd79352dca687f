/** Every lesson, in teaching order. */
import type { Lesson } from '../model';
import { certsLesson } from './certs';
import { tcpLesson } from './tcp';
import { tls12Lesson } from './tls12';
import { tls13Lesson } from './tls13';

export const LESSONS: readonly Lesson[] = [tcpLesson, tls12Lesson, certsLesson, tls13Lesson];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** The samples a lesson opens, in the order its steps use them. */
export function lessonSamples(lesson: Lesson): string[] {
  return [...new Set(lesson.steps.map((s) => s.sample))];
}

/** The lessons that use a sample (by file name). */
export function lessonsUsing(sample: string): Lesson[] {
  return LESSONS.filter((l) => l.steps.some((s) => s.sample === sample));
}
