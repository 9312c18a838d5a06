export function validatorList(): { name: string; description: string }[] {
  return [];
}
