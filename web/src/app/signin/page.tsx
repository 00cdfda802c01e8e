import { AuthForm } from "@/components/AuthForm";
export const metadata = { title: "Sign in · Interview Practice" };
export default function SignIn() {
  return <AuthForm mode="signin" />;
}
