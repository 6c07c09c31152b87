// App shell; the teller, manager and admin features arrive with their issues (see README).
export function App() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-xl flex-col items-center justify-center gap-4 p-6 text-center">
      <img src="/icon.svg" alt="" className="size-20" />
      <h1 className="text-3xl font-semibold">Стійка</h1>
      <p className="text-neutral-600">Прийом цифрових копій документів з Дії</p>
    </main>
  );
}
