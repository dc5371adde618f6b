Console.WriteLine("AOT smoke: ok");
return 0;
