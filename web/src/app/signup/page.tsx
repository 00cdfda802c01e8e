import { AuthForm } from "@/components/AuthForm";
export const metadata = { title: "Create account · Interview Practice" };
export default function SignUp() {
  return <AuthForm mode="signup" />;
}
