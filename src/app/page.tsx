export default function Home() {
  return (
    <main>
      <h1>Calm</h1>
      <p>The event backbone is running.</p>
    </main>
  );
}
